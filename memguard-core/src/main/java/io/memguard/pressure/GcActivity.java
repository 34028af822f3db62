package io.memguard.pressure;

import java.time.Duration;

/**
 * Garbage collection and allocation as of one snapshot.
 *
 * @param count                        collections since the JVM started, all collectors together
 * @param pauseTotal                   total time spent in collections since the JVM started
 * @param timeSinceLastGc              time since the last collection ended, or {@code null} before the first
 * @param allocationRateBytesPerSecond bytes allocated per second since the previous snapshot, or {@code -1} on the
 *                                     first snapshot and where the JVM does not count allocations
 * @since 0.1.0
 */
public record GcActivity(long count, Duration pauseTotal, Duration timeSinceLastGc,
        double allocationRateBytesPerSecond) {

    /** No collection seen and no allocation rate known. */
    public static final GcActivity NONE = new GcActivity(0, Duration.ZERO, null, -1);
}
