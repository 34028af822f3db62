package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.memguard.admission.AdmissionController;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.SignalReading;

class AdaptiveConcurrencyLimiterTests {

    @Test
    void limitShrinksInEqualStepsFromTheShrinkLevelToCritical() {
        assertThat(limits(4, 64, MemoryPressureLevel.MODERATE)).containsExactly(64, 64, 44, 24, 4);
        assertThat(limits(1, 10, MemoryPressureLevel.HIGH)).containsExactly(10, 10, 10, 6, 1);
        assertThat(limits(8, 8, MemoryPressureLevel.LOW)).containsExactly(8, 8, 8, 8, 8);
    }

    private static List<Integer> limits(int min, int max, MemoryPressureLevel shrinkFrom) {
        List<Integer> limits = new ArrayList<>();
        for (MemoryPressureLevel level : MemoryPressureLevel.values()) {
            limits.add(AdaptiveConcurrencyLimiter.limitFor(level, min, max, shrinkFrom));
        }
        return limits;
    }

    @Test
    void limitFollowsTheAdmissionControllersLimitBetweenItsFloorAndItsMaximum() {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(4).maxLimit(64)
                .build();
        AtomicLong nanos = new AtomicLong();
        AdmissionController controller = AdmissionController.builder().maxLimit(1000).minLimit(100)
                .ticker(nanos::get).build();
        controller.addLimitListener(limiter::follow);
        controller.onSnapshot(heapAfterGc(0.9));
        assertThat(controller.limit()).isEqualTo(700);
        assertThat(limiter.limit()).as("4 + 60 * (600 / 900)").isEqualTo(44);
        for (int i = 0; i < 10; i++) {
            nanos.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
            controller.onSnapshot(heapAfterGc(0.9));
        }
        assertThat(controller.limit()).isEqualTo(100);
        assertThat(limiter.limit()).isEqualTo(4);
        assertThat(AdaptiveConcurrencyLimiter.limitFor(2.0, 4, 64)).isEqualTo(64);
        assertThat(AdaptiveConcurrencyLimiter.limitFor(-1.0, 4, 64)).isEqualTo(4);
        assertPermitsBalance(limiter);
    }

    private static MemorySnapshot heapAfterGc(double ratio) {
        return new MemorySnapshot(java.time.Instant.EPOCH, MemoryPressureLevel.NONE, MemorySignal.HEAP_AFTER_GC,
                java.util.Map.of(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, ratio, -1,
                        -1)), null, null, GcActivity.NONE, null, null, null);
    }

    @Test
    void limitFollowsThePressureLevelBothWays() {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(4).maxLimit(64)
                .build();
        assertThat(limiter.limit()).isEqualTo(64);

        limiter.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
        assertThat(limiter.limit()).isEqualTo(4);

        limiter.update(MemoryPressureLevel.HIGH);
        assertThat(limiter.limit()).isEqualTo(24);

        limiter.update(MemoryPressureLevel.NONE);
        assertThat(limiter.limit()).isEqualTo(64);
        assertPermitsBalance(limiter);
    }

    @Test
    void shrinkingBelowTheWorkInFlightMakesNewWorkWaitUntilEnoughHasFinished() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(4).maxLimit(10)
                .shrinkFrom(MemoryPressureLevel.CRITICAL).build();
        for (int i = 0; i < 10; i++) {
            limiter.acquire();
        }

        limiter.update(MemoryPressureLevel.CRITICAL);
        assertThat(limiter.inFlight()).as("nothing is cut short").isEqualTo(10);
        for (int i = 0; i < 6; i++) {
            limiter.release();
        }
        assertThat(limiter.tryAcquire(Duration.ZERO)).as("4 in flight at limit 4").isFalse();

        limiter.release();
        assertThat(limiter.tryAcquire(Duration.ZERO)).isTrue();
        assertThat(limiter.inFlight()).isEqualTo(4);
    }

    @Test
    void growingWakesWaitingThreads() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(2)
                .shrinkFrom(MemoryPressureLevel.CRITICAL).build();
        limiter.update(MemoryPressureLevel.CRITICAL);
        limiter.acquire();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire();
                acquired.countDown();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        await().until(() -> limiter.waiting() == 1);

        limiter.update(MemoryPressureLevel.NONE);

        assertThat(acquired.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.waits()).isEqualTo(1);
    }

    @Test
    void acquisitionIsFirstComeFirstServed() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(1)
                .build();
        limiter.acquire();
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            Thread waiter = new Thread(() -> {
                try {
                    limiter.acquire();
                    order.add(id);
                    limiter.release();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            waiters.add(waiter);
            int queued = i + 1;
            await().until(() -> limiter.waiting() == queued);
        }

        limiter.release();
        for (Thread waiter : waiters) {
            waiter.join();
        }

        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void anInterruptedWaiterGivesUpWithoutHoldingAPermit() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(1)
                .build();
        limiter.acquire();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire();
            }
            catch (InterruptedException ex) {
                outcome.set(ex);
            }
        });
        waiter.start();
        await().until(() -> limiter.waiting() == 1);

        waiter.interrupt();
        waiter.join();

        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(limiter.inFlight()).isEqualTo(1);
        limiter.release();
        assertPermitsBalance(limiter);
    }

    @Test
    void timedAcquisitionGivesUpAfterTheTimeoutAndCountsTheWait() throws InterruptedException {
        AtomicLong nanos = new AtomicLong();
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(1)
                .ticker(() -> nanos.getAndAdd(1_000)).build();
        limiter.acquire();

        assertThat(limiter.tryAcquire(Duration.ofMillis(10))).isFalse();

        assertThat(limiter.waits()).isEqualTo(1);
        assertThat(limiter.waitNanos()).isEqualTo(1_000);
        assertThat(limiter.inFlight()).isEqualTo(1);
    }

    @Test
    void releaseWithoutAcquireIsRefused() {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").build();

        assertThatIllegalStateException().isThrownBy(limiter::release)
                .withMessage("release() without a matching acquire on concurrency limiter 'workers'");
        assertPermitsBalance(limiter);
    }

    @Test
    void inFlightNeverExceedsAFixedLimitUnderContention() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(3).maxLimit(12)
                .build();
        limiter.update(MemoryPressureLevel.HIGH);
        int limit = limiter.limit();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicBoolean violated = new AtomicBoolean();

        runWorkers(16, 60_000, () -> {
            int now = concurrent.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            if (now > limit) {
                violated.set(true);
            }
            concurrent.decrementAndGet();
        }, limiter);

        assertThat(violated).as("more than %d at once", limit).isFalse();
        assertThat(highest.get()).isBetween(1, limit);
        assertPermitsBalance(limiter);
    }

    @Test
    void permitsBalanceWhileTheLimitChangesUnderContention() throws InterruptedException {
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(2).maxLimit(16)
                .build();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicBoolean overMax = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread resizer = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(7);
            while (running.get()) {
                limiter.update(MemoryPressureLevel.ofSeverity(random.nextInt(5)));
                Thread.onSpinWait();
            }
        });
        resizer.start();

        runWorkers(16, 60_000, () -> {
            if (concurrent.incrementAndGet() > limiter.maxLimit()) {
                overMax.set(true);
            }
            concurrent.decrementAndGet();
        }, limiter);
        running.set(false);
        resizer.join();

        assertThat(overMax).isFalse();
        assertThat(limiter.inFlight()).isZero();
        assertPermitsBalance(limiter);
        limiter.update(MemoryPressureLevel.NONE);
        assertPermitsBalance(limiter);
    }

    private static void runWorkers(int threads, int iterations, Runnable work, AdaptiveConcurrencyLimiter limiter)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < iterations; i++) {
                        limiter.acquire();
                        try {
                            work.run();
                        }
                        finally {
                            limiter.release();
                        }
                    }
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failure.get()).isNull();
    }

    /** Exactly {@code limit()} permits can be taken at once, no more: no permit was created or lost. */
    private static void assertPermitsBalance(AdaptiveConcurrencyLimiter limiter) {
        int limit = limiter.limit();
        try {
            for (int i = 0; i < limit; i++) {
                assertThat(limiter.tryAcquire(Duration.ZERO)).as("permit %d of %d", i + 1, limit).isTrue();
            }
            assertThat(limiter.tryAcquire(Duration.ZERO)).as("a permit beyond the limit").isFalse();
            for (int i = 0; i < limit; i++) {
                limiter.release();
            }
        }
        catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void rejectsAMinimumBelowOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AdaptiveConcurrencyLimiter.builder("workers").minLimit(0).build())
                .withMessage("minLimit must be at least 1, was 0");
    }

    @Test
    void rejectsAMaximumBelowTheMinimum() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AdaptiveConcurrencyLimiter.builder("workers").minLimit(8).maxLimit(4).build())
                .withMessage("maxLimit (4) must not be below minLimit (8)");
    }

    @Test
    void rejectsShrinkingFromNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AdaptiveConcurrencyLimiter.builder("workers")
                        .shrinkFrom(MemoryPressureLevel.NONE).build())
                .withMessage("shrinkFrom must be above NONE");
    }

    @Test
    void rejectsABlankName() {
        assertThatIllegalArgumentException().isThrownBy(() -> AdaptiveConcurrencyLimiter.builder(" "))
                .withMessage("name must not be blank");
    }
}
