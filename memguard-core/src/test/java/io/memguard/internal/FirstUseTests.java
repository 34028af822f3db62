package io.memguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FirstUseTests {

    private final LongAdder failures = new LongAdder();

    private final FirstUse firstUse = new FirstUse(failures, LoggerFactory.getLogger(FirstUseTests.class), "test");

    @Test
    void actionsWaitForTheFirstUseAndRunOnce() {
        List<String> ran = new ArrayList<>();
        firstUse.whenUsed(() -> ran.add("a"));
        firstUse.whenUsed(() -> ran.add("b"));
        assertThat(ran).isEmpty();
        assertThat(firstUse.isUsed()).isFalse();

        firstUse.markUsed();
        firstUse.markUsed();

        assertThat(ran).containsExactly("a", "b");
        assertThat(firstUse.isUsed()).isTrue();
    }

    @Test
    void anActionAddedAfterTheFirstUseRunsAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        firstUse.markUsed();
        firstUse.whenUsed(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
    }

    @Test
    void anActionThatThrowsIsCountedAndTheOthersStillRun() {
        AtomicInteger runs = new AtomicInteger();
        firstUse.whenUsed(() -> {
            throw new IllegalStateException("boom");
        });
        firstUse.whenUsed(runs::incrementAndGet);
        firstUse.markUsed();
        assertThat(runs).hasValue(1);
        assertThat(failures.sum()).isEqualTo(1);
    }

    @Test
    void concurrentFirstUsesRunEachActionExactlyOnce() throws Exception {
        int threads = 8;
        for (int round = 0; round < 200; round++) {
            FirstUse use = new FirstUse(failures, LoggerFactory.getLogger(FirstUseTests.class), "test");
            AtomicInteger runs = new AtomicInteger();
            use.whenUsed(runs::incrementAndGet);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(executor.submit(() -> {
                        start.await();
                        use.markUsed();
                        // Every thread that saw the component used also sees its action done or running once.
                        use.whenUsed(runs::incrementAndGet);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
            }
            finally {
                executor.shutdownNow();
            }
            assertThat(runs).as("the waiting action once, plus one per late registration").hasValue(1 + threads);
        }
        assertThat(failures.sum()).isZero();
    }
}
