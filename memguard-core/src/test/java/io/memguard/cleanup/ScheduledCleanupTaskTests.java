package io.memguard.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.memguard.testing.TestClock;
import org.junit.jupiter.api.Test;

class ScheduledCleanupTaskTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);

    private final ManualTimer timer = new ManualTimer();

    private final AtomicReference<ScheduledCleanupTask> cancelled = new AtomicReference<>();

    @Test
    void countsRunsItemsRemovedAndTheLastDurationOnTheTicker() {
        ScheduledCleanupTask task = task(Runnable::run, () -> {
            clock.advance(Duration.ofMillis(250));
            return 7;
        });
        task.start(timer);
        assertThat(timer.schedules()).singleElement().extracting(ManualTimer.Schedule::interval)
                .isEqualTo(Duration.ofSeconds(30));
        timer.tickAll();
        timer.tickAll();
        CleanupRegistration.Snapshot stats = task.snapshot();
        assertThat(stats.runs()).isEqualTo(2);
        assertThat(stats.itemsRemoved()).isEqualTo(14);
        assertThat(stats.failures()).isZero();
        assertThat(stats.lastDuration()).isEqualTo(Duration.ofMillis(250));
        assertThat(stats.lastRunAt()).isEqualTo(START.plusMillis(250));
        assertThat(stats.lastError()).isNull();
        assertThat(stats.running()).isFalse();
    }

    @Test
    void aRunIsTimedByTheTickerAndStampedByTheClock() {
        AtomicLong ticker = new AtomicLong(TestClock.TICKER_START);
        ScheduledCleanupTask task = new ScheduledCleanupTask("sessions", Duration.ofSeconds(30), () -> {
            ticker.addAndGet(Duration.ofMillis(40).toNanos());
            clock.advance(Duration.ofHours(-1));
            return 1;
        }, Runnable::run, ticker::get, clock, cancelled::set);
        assertThat(task.runNow()).isTrue();
        assertThat(task.snapshot().lastDuration()).as("the wall clock jumped back, the ticker moved on")
                .isEqualTo(Duration.ofMillis(40));
        assertThat(task.snapshot().lastRunAt()).isEqualTo(START);
    }

    @Test
    void aFailingRunIsCountedWithItsErrorAndTheNextRunHappens() {
        int[] calls = { 0 };
        ScheduledCleanupTask task = task(Runnable::run, () -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("disk full");
            }
            return 3;
        });
        assertThat(task.runNow()).isTrue();
        assertThat(task.runNow()).isTrue();
        CleanupRegistration.Snapshot stats = task.snapshot();
        assertThat(stats.runs()).isEqualTo(2);
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.itemsRemoved()).isEqualTo(3);
        assertThat(stats.lastError()).isEqualTo("java.lang.IllegalStateException: disk full");
    }

    @Test
    void aTickWhileTheTaskRunsIsSkippedNotQueued() {
        Runnable[] pending = new Runnable[1];
        ScheduledCleanupTask task = task(run -> pending[0] = run, () -> 1);
        assertThat(task.runNow()).isTrue();
        assertThat(task.snapshot().running()).isTrue();
        assertThat(task.runNow()).isFalse();
        assertThat(task.runNow()).isFalse();
        pending[0].run();
        CleanupRegistration.Snapshot stats = task.snapshot();
        assertThat(stats.runs()).isEqualTo(1);
        assertThat(stats.skippedRuns()).isEqualTo(2);
        assertThat(task.runNow()).isTrue();
    }

    @Test
    void aRefusedRunLeavesTheTaskReadyForTheNextTick() {
        boolean[] refuse = { true };
        ScheduledCleanupTask task = task(run -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("pool shut down");
            }
            run.run();
        }, () -> 1);
        assertThat(task.runNow()).isFalse();
        refuse[0] = false;
        assertThat(task.runNow()).isTrue();
        assertThat(task.snapshot().runs()).isEqualTo(1);
    }

    @Test
    void cancelStopsTheTicksAndTheRuns() {
        ScheduledCleanupTask task = task(Runnable::run, () -> 1);
        task.start(timer);
        task.cancel();
        assertThat(timer.schedules().get(0).future()).isCancelled();
        assertThat(cancelled.get()).isSameAs(task);
        assertThat(task.runNow()).isFalse();
        assertThat(task.snapshot().runs()).isZero();
    }

    private ScheduledCleanupTask task(Executor executor, CleanupTask work) {
        return new ScheduledCleanupTask("sessions", Duration.ofSeconds(30), work, executor, clock.ticker(), clock,
                cancelled::set);
    }
}
