package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;

class LimitedExecutorTests {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    private final AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(2)
            .maxLimit(4).shrinkFrom(MemoryPressureLevel.CRITICAL).build();

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsTasksOnTheDelegateAndReturnsThePermitWhenTheyEnd() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();

        limiter.wrap(pool).execute(() -> {
            thread.set(Thread.currentThread().getName());
            done.countDown();
        });

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get()).startsWith("pool-");
        await().until(() -> limiter.inFlight() == 0);
    }

    @Test
    void aFailingTaskStillReturnsItsPermit() {
        AtomicReference<Throwable> uncaught = new AtomicReference<>();
        java.util.concurrent.Executor threadPerTask = task -> {
            Thread thread = new Thread(task);
            thread.setUncaughtExceptionHandler((failed, ex) -> uncaught.set(ex));
            thread.start();
        };

        limiter.wrap(threadPerTask).execute(() -> {
            throw new IllegalStateException("task failed");
        });

        await().until(() -> uncaught.get() != null);
        assertThat(uncaught.get()).hasMessage("task failed");
        await().until(() -> limiter.inFlight() == 0);
    }

    @Test
    void aTaskRunInlineByTheDelegateReturnsItsPermitOnceWhenItFails() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> limiter.wrap(Runnable::run).execute(() -> {
                    throw new IllegalStateException("inline failure");
                }))
                .withMessage("inline failure");

        assertThat(limiter.inFlight()).isZero();
        limiter.wrap(Runnable::run).execute(() -> assertThat(limiter.inFlight()).isEqualTo(1));
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void aTaskTheDelegateRejectsReturnsItsPermitAtOnce() {
        assertThatExceptionOfType(RejectedExecutionException.class)
                .isThrownBy(() -> limiter.wrap(task -> {
                    throw new RejectedExecutionException("full");
                }).execute(() -> { }))
                .withMessage("full");

        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void neverRunsMoreTasksAtOnceThanTheLimitAllows() throws InterruptedException {
        limiter.update(MemoryPressureLevel.CRITICAL);
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overLimit = new AtomicBoolean();
        int tasks = 20_000;
        CountDownLatch done = new CountDownLatch(tasks);
        var executor = limiter.wrap(pool);

        for (int i = 0; i < tasks; i++) {
            executor.execute(() -> {
                if (running.incrementAndGet() > 2) {
                    overLimit.set(true);
                }
                running.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(overLimit).isFalse();
        await().until(() -> limiter.inFlight() == 0);
    }

    @Test
    void rejectsATaskThatWaitedLongerThanTheTimeout() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThatExceptionOfType(RejectedExecutionException.class)
                .isThrownBy(() -> limiter.wrap(pool, Duration.ofMillis(10)).execute(() -> { }))
                .withMessage("No permit of concurrency limiter 'workers' (limit 4) within PT0.01S");
        assertThat(limiter.inFlight()).isEqualTo(4);
    }

    @Test
    void anInterruptedSubmitterIsRejectedAndKeepsItsInterruptFlag() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread submitter = new Thread(() -> {
            try {
                limiter.wrap(pool).execute(() -> { });
            }
            catch (RejectedExecutionException ex) {
                thrown.set(ex);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        submitter.start();
        await().until(() -> limiter.waiting() == 1);

        submitter.interrupt();
        submitter.join();

        assertThat(thrown.get()).hasMessage("Interrupted while waiting for a permit of concurrency limiter 'workers'")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(stillInterrupted).isTrue();
        assertThat(limiter.inFlight()).isEqualTo(4);
    }

    @Test
    void rejectsANegativeTimeout() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> limiter.wrap(pool, Duration.ofMillis(-1)))
                .withMessage("timeout must not be negative, was PT-0.001S");
    }
}
