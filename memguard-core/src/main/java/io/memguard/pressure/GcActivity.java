package io.memguard.pressure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Garbage collection and allocation as of one snapshot.
 *
 * @param count                        collections since the JVM started, all collectors together
 * @param pauseTotal                   total time spent in collections since the JVM started
 * @param timeSinceLastGc              time since the last collection ended, or {@code null} before the first
 * @param allocationRateBytesPerSecond bytes allocated per second since the previous snapshot, or {@code -1} on the
 *                                     first snapshot and where the JVM does not count allocations
 * @param pauseShare                   share of the last GC overhead window spent in collection pauses the heap
 *                                     forced (explicit collections left out), in [0..1], or {@code -1} where not
 *                                     observed
 * @param fullCollections              full collections the heap forced in that window (two or more: CRITICAL)
 * @param timeSinceLiveSetMeasured     time since a collection last measured the live set (a full or mixed
 *                                     collection, the end of a concurrent cycle), or {@code null} before the first
 * @param cpuShare                     share of the CPU time available to the JVM (wall time times available
 *                                     processors) that the collector's threads used over the same window,
 *                                     concurrent work included, in [0..1], or {@code -1} where the JVM does not
 *                                     report GC CPU time (before JDK 26)
 * @since 0.1.0
 */
public record GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
        double allocationRateBytesPerSecond, double pauseShare, int fullCollections,
        @Nullable Duration timeSinceLiveSetMeasured, double cpuShare) {

    /** No collection seen and no allocation rate known. */
    public static final GcActivity NONE = new GcActivity(0, Duration.ZERO, null, -1);

    /**
     * Activity without the GC overhead window.
     *
     * @param count                        collections since the JVM started
     * @param pauseTotal                   total time spent in collections
     * @param timeSinceLastGc              time since the last collection ended, or {@code null}
     * @param allocationRateBytesPerSecond bytes allocated per second, or {@code -1}
     */
    public GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
            double allocationRateBytesPerSecond) {
        this(count, pauseTotal, timeSinceLastGc, allocationRateBytesPerSecond, -1, 0, null);
    }

    /**
     * Activity of a JVM that does not report the collector's CPU time.
     *
     * @param count                        collections since the JVM started
     * @param pauseTotal                   total time spent in collections
     * @param timeSinceLastGc              time since the last collection ended, or {@code null}
     * @param allocationRateBytesPerSecond bytes allocated per second, or {@code -1}
     * @param pauseShare                   share of the window spent in forced pauses, or {@code -1}
     * @param fullCollections              forced full collections in the window
     * @param timeSinceLiveSetMeasured     time since the live set was last measured, or {@code null}
     */
    public GcActivity(long count, Duration pauseTotal, @Nullable Duration timeSinceLastGc,
            double allocationRateBytesPerSecond, double pauseShare, int fullCollections,
            @Nullable Duration timeSinceLiveSetMeasured) {
        this(count, pauseTotal, timeSinceLastGc, allocationRateBytesPerSecond, pauseShare, fullCollections,
                timeSinceLiveSetMeasured, -1);
    }

    /**
     * What the {@code gc-overhead} signal reads: the larger of the pause share and the GC CPU share, so that a
     * concurrent collector (ZGC, Shenandoah, G1's marking) that takes the CPU with short pauses is seen too.
     *
     * @return the overhead in [0..1], or {@code -1} where neither share is known
     * @since 0.2.0
     */
    public double overhead() {
        return Math.max(pauseShare, cpuShare);
    }
}
