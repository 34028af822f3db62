package io.memguard.cleanup;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task registered with a {@link CleanupScheduler}.
 *
 * @since 0.1.0
 */
public interface CleanupRegistration {

    /**
     * The task's name, unique in its scheduler.
     *
     * @return the name
     */
    String name();

    /**
     * What the task has done so far.
     *
     * @return a snapshot of its counters
     */
    Snapshot snapshot();

    /**
     * Starts a run now on the scheduler's executor, unless one is under way.
     *
     * @return {@code true} if a run was started, {@code false} if one was under way or the task is cancelled
     */
    boolean runNow();

    /** Stops the task's runs and removes it from its scheduler; a run under way finishes. */
    void cancel();

    /**
     * What one cleanup task has done so far.
     *
     * @param name         the task's name
     * @param interval     the time between two runs
     * @param running      whether a run is under way now
     * @param runs         completed runs, failed ones included
     * @param itemsRemoved items removed by all runs together
     * @param failures     runs that threw
     * @param skippedRuns  ticks skipped because the previous run was still under way
     * @param lastRunAt    when the last completed run started, or {@code null} before the first
     * @param lastDuration how long the last completed run took, or {@code null} before the first
     * @param lastError    the exception of the last failed run, as {@code Class: message}, or {@code null}
     * @since 0.1.0
     */
    record Snapshot(String name, Duration interval, boolean running, long runs, long itemsRemoved,
            long failures, long skippedRuns, @Nullable Instant lastRunAt, @Nullable Duration lastDuration,
            @Nullable String lastError) {
    }
}
