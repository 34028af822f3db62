package io.memguard.diagnostics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The trend of the heap after collection over the detector's window: a least-squares line through the
 * samples, and what it means.
 *
 * @param samples              how many samples the window holds
 * @param span                 time between the oldest and the newest sample
 * @param slopeBytesPerSecond  growth of the heap after collection, in bytes per second (negative when
 *                             shrinking; 0 with fewer than two samples)
 * @param growthRatioPerHour   the slope as a fraction of the max heap per hour
 * @param fit                  how well a straight line explains the samples, the coefficient of
 *                             determination r² in [0..1]: near 1 for steady growth, near 0 for a flat or
 *                             saw-tooth series
 * @param usedBytes            the newest sample's heap after collection, in bytes ({@code -1} without samples)
 * @param maxBytes             the newest sample's max heap, in bytes ({@code -1} without samples)
 * @param timeToCritical       at this rate, the time until the heap after collection reaches the critical
 *                             ratio of the max heap; {@code null} when not growing, {@link Duration#ZERO} when
 *                             already there
 * @param leakSuspected        whether the growth is steady, fast and long enough to suspect a leak
 * @since 0.1.0
 */
public record HeapTrend(int samples, Duration span, double slopeBytesPerSecond, double growthRatioPerHour,
        double fit, long usedBytes, long maxBytes, @Nullable Duration timeToCritical, boolean leakSuspected) {

    /** The trend of a detector that has no samples. */
    public static final HeapTrend EMPTY = new HeapTrend(0, Duration.ZERO, 0.0, 0.0, 0.0, -1, -1, null, false);
}
