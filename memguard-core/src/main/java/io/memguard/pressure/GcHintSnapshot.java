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
        long skippedExplicitGcDisabled, @Nullable Outcome lastOutcome, @Nullable Instant lastAttempt,
        long liveSetMeasurements,
        long liveSetMeasurementsSkippedExplicitGcDisabled, long liveSetMeasurementsProvoked) {

    /**
     * What happened when the monitor entered HIGH or CRITICAL with the GC hint enabled, or measured the live set.
     *
     * @since 0.1.0
     */
    public enum Outcome {

        /** {@code System.gc()} was called. */
        REQUESTED,

        /** Not called: the previous hint was less than the cooldown ago. */
        SKIPPED_COOLDOWN,

        /** Not called: the JVM runs with {@code -XX:+DisableExplicitGC}, so the call would do nothing. */
        EXPLICIT_GC_DISABLED,

        /**
         * Live-set measurements only: explicit collections are disabled, so a young collection was provoked instead by
         * allocating short-lived garbage (under G1, where that lets the level fall; see the live-set measurement).
         *
         * @since 0.1.0
         */
        PROVOKED
    }
}
