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

import org.junit.jupiter.api.Test;

class MadeOnFirstUseTests {

    /** The records, replayed into the component at birth; guarded by the holder's lock. */
    private final List<Integer> recorded = new ArrayList<>();

    private final AtomicInteger made = new AtomicInteger();

    private final MadeOnFirstUse<List<Integer>> component = new MadeOnFirstUse<>(() -> {
        made.incrementAndGet();
        List<Integer> list = new ArrayList<>(recorded);
        recorded.clear();
        return java.util.Collections.synchronizedList(list);
    });

    @Test
    void recordsUntilMadeThenForwards() {
        component.recordOrForward(() -> recorded.add(1), (list) -> list.add(1));
        assertThat(component.isMade()).isFalse();
        assertThat(made).hasValue(0);

        assertThat(component.get()).containsExactly(1);
        component.recordOrForward(() -> recorded.add(2), (list) -> list.add(2));

        assertThat(component.get()).containsExactly(1, 2);
        assertThat(recorded).isEmpty();
        assertThat(made).hasValue(1);
    }

    @Test
    void everyCallRacingTheBirthReachesTheComponentExactlyOnce() throws Exception {
        int threads = 4;
        int calls = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        int value = thread * calls + i;
                        component.recordOrForward(() -> recorded.add(value), (list) -> list.add(value));
                        if (thread == 0 && i == calls / 2) {
                            component.get();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(1, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(made).hasValue(1);
        assertThat(component.get()).hasSize(threads * calls).doesNotHaveDuplicates();
    }
}
