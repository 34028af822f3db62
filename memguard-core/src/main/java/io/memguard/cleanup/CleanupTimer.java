package io.memguard.cleanup;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What ticks the {@link CleanupScheduler}: memguard's own timer thread, or an adapter of the application's
 * scheduler (Spring's {@code TaskScheduler}). A tick only hands the task to the scheduler's executor, so a
 * slow task never delays the ticks of the others.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CleanupTimer {

    /**
     * Runs {@code tick} every {@code interval}, the first time one interval from now.
     *
     * @param tick     what to run; quick and never throwing
     * @param interval the time between the end of one tick and the start of the next
     * @return a future whose {@code cancel} stops the ticks
     */
    Future<?> scheduleWithFixedDelay(Runnable tick, Duration interval);

    /**
     * A timer backed by a {@link ScheduledExecutorService}.
     *
     * @param executor the executor that runs the ticks
     * @return the timer
     */
    static CleanupTimer of(ScheduledExecutorService executor) {
        return (tick, interval) -> executor.scheduleWithFixedDelay(tick, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }
}
