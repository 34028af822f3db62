package io.memguard.cleanup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CleanupTask} with its schedule, its guard and its counters.
 *
 * <p>Isolation: a tick (from the timer or from a pressure pass) never runs the task itself, it hands a run
 * to the executor, so the timer thread is never held by a slow task. A run starts only if the task's
 * {@code running} flag could be set, so a task never runs twice at once; a tick that finds the previous run
 * under way is counted as skipped. Everything a run throws is caught, logged and counted.
 */
final class ScheduledCleanupTask implements CleanupRegistration {

    private static final Logger logger = LoggerFactory.getLogger(ScheduledCleanupTask.class);

    private final String name;

    private final Duration interval;

    private final CleanupTask task;

    private final Executor executor;

    private final LongSupplier ticker;

    private final Clock clock;

    private final Consumer<ScheduledCleanupTask> onCancel;

    private final AtomicBoolean running = new AtomicBoolean();

    private final AtomicLong runs = new AtomicLong();

    private final AtomicLong itemsRemoved = new AtomicLong();

    private final AtomicLong failures = new AtomicLong();

    private final AtomicLong skippedRuns = new AtomicLong();

    private volatile @Nullable Instant lastRunAt;

    private volatile @Nullable Duration lastDuration;

    private volatile @Nullable String lastError;

    private volatile boolean cancelled;

    private volatile @Nullable Future<?> ticks;

    ScheduledCleanupTask(String name, Duration interval, CleanupTask task, Executor executor, LongSupplier ticker,
            Clock clock, Consumer<ScheduledCleanupTask> onCancel) {
        this.name = name;
        this.interval = interval;
        this.task = task;
        this.executor = executor;
        this.ticker = ticker;
        this.clock = clock;
        this.onCancel = onCancel;
    }

    void start(CleanupScheduler.Timer timer) {
        this.ticks = timer.scheduleWithFixedDelay(this::runNow, interval);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean runNow() {
        if (cancelled) {
            return false;
        }
        if (!running.compareAndSet(false, true)) {
            skippedRuns.incrementAndGet();
            return false;
        }
        try {
            executor.execute(this::run);
            return true;
        }
        catch (RejectedExecutionException ex) {
            running.set(false);
            logger.warn("Cleanup task '{}' could not start: its executor refused it", name, ex);
            return false;
        }
    }

    private void run() {
        Instant start = clock.instant();
        long startNanos = ticker.getAsLong();
        try {
            long removed = task.clean();
            itemsRemoved.addAndGet(Math.max(0, removed));
        }
        catch (Throwable failure) {
            failures.incrementAndGet();
            lastError = failure.getClass().getName() + ": " + failure.getMessage();
            logger.warn("Cleanup task '{}' failed; it runs again in {}", name, interval, failure);
        }
        finally {
            lastDuration = Duration.ofNanos(ticker.getAsLong() - startNanos);
            lastRunAt = start;
            runs.incrementAndGet();
            running.set(false);
        }
    }

    @Override
    public CleanupRegistration.Snapshot snapshot() {
        return new CleanupRegistration.Snapshot(name, interval, running.get(), runs.get(), itemsRemoved.get(),
                failures.get(),
                skippedRuns.get(), lastRunAt, lastDuration, lastError);
    }

    @Override
    public void cancel() {
        cancelled = true;
        Future<?> scheduled = ticks;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        onCancel.accept(this);
    }
}
