package io.memguard.cleanup;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

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
public record CleanupTaskSnapshot(String name, Duration interval, boolean running, long runs, long itemsRemoved,
        long failures, long skippedRuns, @Nullable Instant lastRunAt, @Nullable Duration lastDuration,
        @Nullable String lastError) {
}
