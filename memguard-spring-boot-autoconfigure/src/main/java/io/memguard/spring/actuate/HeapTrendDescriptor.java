package io.memguard.spring.actuate;

import org.jspecify.annotations.Nullable;

import io.memguard.diagnostics.HeapTrendDetector;

/**
 * The heap trend as shown at {@code /actuator/memory/leak-trend}.
 *
 * @param samples               collections in the window
 * @param windowSeconds         how far back samples are kept
 * @param spanSeconds           time between the oldest and the newest sample
 * @param growthBytesPerSecond  least-squares slope of the heap after collection
 * @param growthRatioPerHour    the slope as a fraction of the max heap per hour
 * @param fit                   r² of the fitted line, in [0..1]
 * @param usedBytes             the newest heap after collection, or -1 without samples
 * @param maxBytes              the max heap, or -1 without samples
 * @param timeToCriticalSeconds at this rate, seconds until the critical ratio; {@code null} when not growing
 * @param leakSuspected         whether a leak is suspected
 * @since 0.1.0
 */
public record HeapTrendDescriptor(int samples, long windowSeconds, long spanSeconds, double growthBytesPerSecond,
        double growthRatioPerHour, double fit, long usedBytes, long maxBytes, @Nullable Long timeToCriticalSeconds,
        boolean leakSuspected) {

    static HeapTrendDescriptor of(HeapTrendDetector.Trend trend, long windowSeconds) {
        return new HeapTrendDescriptor(trend.samples(), windowSeconds, trend.span().toSeconds(),
                trend.slopeBytesPerSecond(), trend.growthRatioPerHour(), trend.fit(), trend.usedBytes(),
                trend.maxBytes(), trend.timeToCritical() == null ? null : trend.timeToCritical().toSeconds(),
                trend.leakSuspected());
    }
}
