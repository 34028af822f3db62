package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ListenersTests {

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillHear() {
        List<String> heard = new ArrayList<>();
        List<Consumer<String>> listeners = List.of(heard::add, message -> {
            throw new IllegalStateException("broken listener");
        }, message -> heard.add(message + " again"));
        LongAdder failures = new LongAdder();

        Listeners.notifyEach(listeners, listener -> listener.accept("leak"), failures,
                LoggerFactory.getLogger(ListenersTests.class), "test");

        assertThat(heard).containsExactly("leak", "leak again");
        assertThat(failures.sum()).isEqualTo(1);
    }

    @Test
    void anErrorIsCountedAndSwallowedLikeAnException() {
        List<String> heard = new ArrayList<>();
        List<Consumer<String>> listeners = List.of(message -> {
            throw new AssertionError("broken listener");
        }, heard::add);
        LongAdder failures = new LongAdder();

        Listeners.notifyEach(listeners, listener -> listener.accept("leak"), failures,
                LoggerFactory.getLogger(ListenersTests.class), "test");

        assertThat(heard).containsExactly("leak");
        assertThat(failures.sum()).isEqualTo(1);
    }

    @Test
    void anErrorTheJvmCannotRecoverFromIsRethrownOnceEveryListenerHasHeard() {
        List<String> heard = new ArrayList<>();
        OutOfMemoryError first = new OutOfMemoryError("first");
        StackOverflowError second = new StackOverflowError("second");
        List<Consumer<String>> listeners = List.of(message -> {
            throw first;
        }, heard::add, message -> {
            throw second;
        }, message -> heard.add(message + " again"));
        List<Throwable> reported = new ArrayList<>();

        assertThatThrownBy(() -> Listeners.notifyEach(listeners, listener -> listener.accept("leak"),
                (listener, failure) -> reported.add(failure))).isSameAs(first).hasSuppressedException(second);
        assertThat(heard).containsExactly("leak", "leak again");
        assertThat(reported).containsExactly(first, second);
    }

    @Test
    void runSaysWhetherTheCallbackReturned() {
        LongAdder failures = new LongAdder();
        Listeners.FailureHandler handler = Listeners.logAndCount(failures,
                LoggerFactory.getLogger(ListenersTests.class), "test");

        assertThat(Listeners.run(() -> {
        }, handler)).isTrue();
        assertThat(Listeners.run(() -> {
            throw new IllegalStateException("broken callback");
        }, handler)).isFalse();
        assertThat(failures.sum()).isEqualTo(1);
    }
}
