package io.memguard.diagnostics;

import java.time.Duration;
import java.util.Objects;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * How much memory pressure this instance has seen since it started.
 *
 * @param peak              the highest level reached
 * @param timesHigh         how many times the level rose to {@code HIGH} or above from below
 * @param timesCritical     how many times the level rose to {@code CRITICAL}
 * @param timeAtHighOrAbove total time spent at {@code HIGH} or above, including an episode still going on
 * @since 0.1.0
 */
public record PressureHistory(MemoryPressureLevel peak, long timesHigh, long timesCritical,
        Duration timeAtHighOrAbove) {

    /** A history with no pressure at all. */
    public static final PressureHistory NONE = new PressureHistory(MemoryPressureLevel.NONE, 0, 0, Duration.ZERO);

    public PressureHistory {
        Objects.requireNonNull(peak, "peak");
        Objects.requireNonNull(timeAtHighOrAbove, "timeAtHighOrAbove");
    }
}
