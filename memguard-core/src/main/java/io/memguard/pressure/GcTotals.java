package io.memguard.pressure;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Cumulative counters since the JVM started, as read by a probe; the monitor turns them into {@link GcActivity}.
 *
 * @param collections      collections by all collectors (for ZGC and Shenandoah: cycles, not pauses)
 * @param pauseTotal       time spent in collections (for ZGC and Shenandoah: in their pauses)
 * @param lastCollectionEnd when the most recent collection ended, or {@code null} before the first
 * @param allocatedBytes   bytes allocated by all threads since start, or {@code -1} where the JVM does not count them
 * @param gcCpuTime        CPU time of all the collector's threads since start, concurrent work included, or
 *                         {@code null} where the JVM does not report it (before JDK 26)
 * @since 0.1.0
 */
public record GcTotals(long collections, Duration pauseTotal, @Nullable Instant lastCollectionEnd, long allocatedBytes,
        @Nullable Duration gcCpuTime) {

    /**
     * Totals of a JVM that does not report the collector's CPU time.
     *
     * @param collections       collections by all collectors
     * @param pauseTotal        time spent in collections
     * @param lastCollectionEnd when the most recent collection ended, or {@code null} before the first
     * @param allocatedBytes    bytes allocated by all threads since start, or {@code -1}
     */
    public GcTotals(long collections, Duration pauseTotal, @Nullable Instant lastCollectionEnd, long allocatedBytes) {
        this(collections, pauseTotal, lastCollectionEnd, allocatedBytes, null);
    }
}
