package io.memguard.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.SignalReading;

/**
 * One signal's reading.
 *
 * @param ratio      usage over limit, in [0..1]
 * @param usedBytes  bytes in use; absent for {@code psi}, which is not measured in bytes
 * @param limitBytes the limit in bytes; absent for {@code psi}
 * @param stale      {@code true} when the probe failed on the last observation and this is the reading before;
 *                   absent for a fresh reading
 * @param secondsToLimit at the growth of the recent readings, the seconds left before the critical threshold (0 once
 *                   there); absent where the signal is not growing or not projected ({@code container} and
 *                   {@code heap-after-gc} are)
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalDescriptor(double ratio, @Nullable Long usedBytes, @Nullable Long limitBytes,
        @Nullable Boolean stale, @Nullable Double secondsToLimit) {

    /**
     * A descriptor without a projection.
     *
     * @param ratio      usage over limit
     * @param usedBytes  bytes in use, or {@code null}
     * @param limitBytes the limit, or {@code null}
     * @param stale      {@code true} for a stale reading, or {@code null}
     */
    public SignalDescriptor(double ratio, @Nullable Long usedBytes, @Nullable Long limitBytes,
            @Nullable Boolean stale) {
        this(ratio, usedBytes, limitBytes, stale, null);
    }

    /**
     * A fresh reading's descriptor.
     *
     * @param ratio      usage over limit
     * @param usedBytes  bytes in use, or {@code null}
     * @param limitBytes the limit, or {@code null}
     */
    public SignalDescriptor(double ratio, @Nullable Long usedBytes, @Nullable Long limitBytes) {
        this(ratio, usedBytes, limitBytes, null, null);
    }

    static SignalDescriptor of(SignalReading reading) {
        return new SignalDescriptor(reading.ratio(), bytesOrNull(reading.usedBytes()),
                bytesOrNull(reading.limitBytes()), reading.stale() ? Boolean.TRUE : null,
                reading.approachingLimit() ? reading.secondsToLimit() : null);
    }

    static @Nullable Long bytesOrNull(long bytes) {
        return (bytes >= 0) ? bytes : null;
    }
}
