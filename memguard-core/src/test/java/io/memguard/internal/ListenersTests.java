package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
