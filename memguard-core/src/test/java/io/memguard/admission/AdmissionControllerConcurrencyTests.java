package io.memguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;

/**
 * Real contention: threads enter and exit with random weights and priorities while another thread cuts and grows the
 * limit. Each admitted request adds its weight to a shadow count after it was admitted and removes it before it
 * exits, so the shadow never exceeds the weight actually admitted: if the shadow passes the highest limit the
 * request could have been admitted under, the controller let too much in.
 */
class AdmissionControllerConcurrencyTests {

    private static final int THREADS = 6;

    private static final int ROUNDS = 20_000;

    private static final long MAX = 10_000;

    @Test
    void admittedWeightNeverPassesTheLimitAndEveryAdmissionIsGivenBackOnce() throws Exception {
        AtomicLong nanos = new AtomicLong();
        AdmissionController controller = AdmissionController.builder().maxLimit(MAX).minLimit(500)
                .queueCapacity(THREADS).queueTimeout(Duration.ofMillis(1)).ticker(nanos::get).build();
        AtomicLong shadow = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                workers.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        long weight = 1 + random.nextLong(MAX / 4);
                        Priority priority = Priority.values()[random.nextInt(3)];
                        attempts.incrementAndGet();
                        AdmissionDecision decision = (i % 2 == 0) ? controller.enter(weight, priority)
                                : controller.tryEnter(weight, priority);
                        if (decision.isAdmitted()) {
                            long held = shadow.addAndGet(weight);
                            worst.accumulateAndGet(held, Math::max);
                            shadow.addAndGet(-weight);
                            controller.exit(weight);
                        }
                    }
                    return null;
                }));
            }
            Future<?> loop = pool.submit(() -> {
                start.await();
                SplittableRandom random = new SplittableRandom(99);
                while (!workers.stream().allMatch(Future::isDone)) {
                    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
                    controller.onSnapshot(Snapshots.heapAfterGc(random.nextBoolean() ? 0.9 : 0.2));
                }
                return null;
            });
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            loop.get(5, TimeUnit.MINUTES);
        }
        finally {
            pool.shutdownNow();
        }
        AdmissionSnapshot state = controller.snapshot();
        assertThat(state.inFlight()).isZero();
        assertThat(state.queued()).isZero();
        assertThat(state.admitted() + state.admittedAfterWait() + state.refused()).isEqualTo(attempts.get());
        assertThat(worst.get()).isLessThanOrEqualTo(MAX).isPositive();
        assertThat(state.cuts()).isPositive();
    }
}
