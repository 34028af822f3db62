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
 * @since 0.1.0
 */
public record SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes, boolean stale) {

    public SignalReading {
        Objects.requireNonNull(signal, "signal");
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio of " + signal.id() + " must be in [0..1], was " + ratio);
        }
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
        this(signal, ratio, usedBytes, limitBytes, false);
    }

    /**
     * This reading, marked stale.
     *
     * @return the same values with {@code stale} set
     */
    public SignalReading asStale() {
        return stale ? this : new SignalReading(signal, ratio, usedBytes, limitBytes, true);
    }
}
