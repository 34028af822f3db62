package io.memguard.pressure;

/**
 * What happened when the monitor entered HIGH or CRITICAL with the GC hint enabled.
 *
 * @since 0.1.0
 */
public enum GcHintOutcome {

    /** {@code System.gc()} was called. */
    REQUESTED,

    /** Not called: the previous hint was less than the cooldown ago. */
    SKIPPED_COOLDOWN,

    /** Not called: the JVM runs with {@code -XX:+DisableExplicitGC}, so the call would do nothing. */
    EXPLICIT_GC_DISABLED
}
