package io.memguard.pressure;

import java.util.Objects;

/**
 * One observation of one memory signal.
 *
 * @param signal     which signal this is
 * @param ratio      usage over limit, in [0..1]
 * @param usedBytes  bytes in use, or {@code -1} where the signal is not measured in bytes (PSI)
 * @param limitBytes the limit in bytes, or {@code -1} where the signal is not measured in bytes (PSI)
 * @since 0.1.0
 */
public record SignalReading(MemorySignal signal, double ratio, long usedBytes, long limitBytes) {

    public SignalReading {
        Objects.requireNonNull(signal, "signal");
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("ratio of " + signal.id() + " must be in [0..1], was " + ratio);
        }
    }
}
