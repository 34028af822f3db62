package io.memguard.pressure;

/**
 * What happened when the monitor entered HIGH or CRITICAL with the GC hint enabled, or measured the live set.
 *
 * @since 0.1.0
 */
public enum GcHintOutcome {

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
