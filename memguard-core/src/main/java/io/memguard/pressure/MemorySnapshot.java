package io.memguard.pressure;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable observation of every memory signal, with the level it led to.
 *
 * @param timestamp                   when the observation was made
 * @param level                       the pressure level after this observation
 * @param drivingSignal               the signal that set the level, or {@code null} when no driving signal is enabled
 * @param signals                     every signal this machine provides, by signal
 * @param gcCount                     collections since the JVM started, all collectors together
 * @param gcPauseTotal                total time spent in collections since the JVM started
 * @param timeSinceLastGc             time since the last collection ended, or {@code null} before the first
 * @param allocationRateBytesPerSecond bytes allocated per second since the previous observation
 * @since 0.1.0
 */
public record MemorySnapshot(Instant timestamp, MemoryPressureLevel level, MemorySignal drivingSignal,
        Map<MemorySignal, SignalReading> signals, long gcCount, Duration gcPauseTotal, Duration timeSinceLastGc,
        double allocationRateBytesPerSecond) {

    public MemorySnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(gcPauseTotal, "gcPauseTotal");
        EnumMap<MemorySignal, SignalReading> copy = new EnumMap<>(MemorySignal.class);
        copy.putAll(Objects.requireNonNull(signals, "signals"));
        signals = Collections.unmodifiableMap(copy);
    }

    /**
     * A snapshot with a level and no signal readings, for tests and for components that only need a level.
     *
     * @param level     the level
     * @param timestamp when
     * @return a snapshot carrying only the level
     */
    public static MemorySnapshot ofLevel(MemoryPressureLevel level, Instant timestamp) {
        return new MemorySnapshot(timestamp, level, null, Map.of(), 0, Duration.ZERO, null, 0.0);
    }

    /**
     * The reading of one signal, if this machine provides it.
     *
     * @param signal the signal
     * @return its reading, or empty where the signal is absent or disabled
     */
    public Optional<SignalReading> signal(MemorySignal signal) {
        return Optional.ofNullable(signals.get(signal));
    }
}
