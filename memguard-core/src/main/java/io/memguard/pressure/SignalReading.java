package io.memguard.pressure;

import java.util.Objects;

/**
 * One observation of one memory signal.
 *
 * <p>A reading is {@code stale} when the signal's probe failed (or read nothing) on the last observation: the
 * signal then keeps the reading of the observation before, so that one failed read cannot lower the level, and the
 * failure is counted ({@link DefaultMemoryPressureMonitor#probeFailures(MemorySignal)}).
 *
 * @param signal     which signal this is
 * @param ratio      usage over limit, in [0..1]
 * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes (PSI, GC overhead)
 * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes (PSI, GC overhead)
 * @param stale      whether this is an earlier reading, kept because the probe failed on the last observation
 * @param secondsToLimit at the growth of the recent readings, the seconds left before the usage reaches the critical
 *                   threshold ({@code 0} once there), or {@code -1} where it is not growing or not projected
 *                   ({@link GrowthProjection}: {@code container} and {@code heap-after-gc} only)
 * @since 0.1.0
 */
public record SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes, boolean stale,
        double secondsToLimit) {

    public SignalReading {
        Objects.requireNonNull(signal, "signal");
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio of " + signal.id() + " must be in [0..1], was " + ratio);
        }
        if (!(secondsToLimit >= 0.0 || secondsToLimit == -1)) {
            throw new IllegalArgumentException("secondsToLimit of " + signal.id() + " must be at least 0, or -1 "
                    + "where unknown, was " + secondsToLimit);
        }
    }

    /**
     * A reading without a projection.
     *
     * @param signal     which signal this is
     * @param ratio      usage over limit, in [0..1]
     * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes
     * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes
     * @param stale      whether this is an earlier reading, kept because the probe failed
     */
    public SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes, boolean stale) {
        this(signal, ratio, usedBytes, limitBytes, stale, -1);
    }

    /**
     * A fresh reading.
     *
     * @param signal     which signal this is
     * @param ratio      usage over limit, in [0..1]
     * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes
     * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes
     */
    public SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes) {
        this(signal, ratio, usedBytes, limitBytes, false, -1);
    }

    /**
     * Whether the growth of this signal was projected to reach the critical threshold in a known time.
     *
     * @return {@code true} when {@link #secondsToLimit()} is known
     * @since 0.2.0
     */
    public boolean approachingLimit() {
        return secondsToLimit >= 0;
    }

    /**
     * This reading with the time left before the critical threshold.
     *
     * @param seconds the seconds left, at least 0, or {@code -1} where unknown
     * @return the same values with {@code secondsToLimit} set
     * @since 0.2.0
     */
    public SignalReading withSecondsToLimit(double seconds) {
        return new SignalReading(signal, ratio, usedBytes, limitBytes, stale, seconds);
    }

    /**
     * This reading, marked stale.
     *
     * @return the same values with {@code stale} set
     */
    public SignalReading asStale() {
        // An old reading says nothing about the growth now.
        return stale ? this : new SignalReading(signal, ratio, usedBytes, limitBytes, true, -1);
    }
}
