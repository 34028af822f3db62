package io.memguard.pressure;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How often the GC hint was given or held back.
 *
 * @param enabled            whether the hint is enabled in the settings
 * @param explicitGcDisabled whether the JVM runs with {@code -XX:+DisableExplicitGC}
 * @param requested          hints given ({@code System.gc()} called)
 * @param skippedByCooldown  hints held back because the previous one was too recent
 * @param skippedExplicitGcDisabled hints held back because explicit GC is disabled
 * @param lastOutcome        the most recent outcome, or {@code null} if no hint was due yet
 * @param lastAttempt        when the most recent hint was due, or {@code null}
 * @param liveSetMeasurements collections asked for to measure the live set while HIGH or CRITICAL, or while settling after HIGH
 * @param liveSetMeasurementsSkippedExplicitGcDisabled measurements that were due but not asked for, because explicit
 *                           GC is disabled and no young collection could be provoked instead
 * @param liveSetMeasurementsProvoked measurements made, with explicit GC disabled, by provoking a young collection
 * @since 0.1.0
 */
public record GcHintSnapshot(boolean enabled, boolean explicitGcDisabled, long requested, long skippedByCooldown,
        long skippedExplicitGcDisabled, @Nullable GcHintOutcome lastOutcome, @Nullable Instant lastAttempt,
        long liveSetMeasurements,
        long liveSetMeasurementsSkippedExplicitGcDisabled, long liveSetMeasurementsProvoked) {
}
