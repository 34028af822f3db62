package io.memguard.pressure;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An immutable observation of every memory signal, with the level it led to and the details behind each signal.
 *
 * <p>Details the running machine does not provide are {@code null}: {@code container} outside a memory-limited
 * cgroup, {@code psi} on kernels without pressure stall information, {@code system} where the operating system cannot
 * be read. A snapshot made by {@link #ofLevel} carries a level only: no signals and {@code null} details.
 *
 * @param timestamp     when the observation was made
 * @param level         the pressure level after this observation
 * @param drivingSignal the signal that set the level (at {@link MemoryPressureLevel#NONE}: the driving signal
 *                      closest to its thresholds), or {@code null} when no driving signal has a reading
 * @param signals       every enabled signal this machine provides, by signal
 * @param heap          the heap now and after the last collection, or {@code null} in a level-only snapshot
 * @param direct        direct buffer memory, or {@code null} where not read
 * @param gc            collections and allocation; never {@code null} ({@link GcActivity#NONE} when unknown)
 * @param container     the process's cgroup memory, or {@code null} where unlimited or not in a cgroup
 * @param system        host memory, or {@code null} where not read
 * @param psi           memory pressure stall information, or {@code null} where the kernel does not provide it
 * @param projected     whether the level was raised by the driving signal's projected growth
 *                      ({@link PressureSettings#leadTime()}) above what its ratio alone gives
 * @since 0.1.0
 */
public record MemorySnapshot(Instant timestamp, MemoryPressureLevel level, @Nullable MemorySignal drivingSignal,
        Map<MemorySignal, SignalReading> signals, @Nullable HeapMemory heap, @Nullable DirectMemory direct,
        GcActivity gc, @Nullable ContainerMemory container, @Nullable SystemMemory system,
        @Nullable PressureStall psi, boolean projected) {

    public MemorySnapshot {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(gc, "gc");
        EnumMap<MemorySignal, SignalReading> copy = new EnumMap<>(MemorySignal.class);
        copy.putAll(Objects.requireNonNull(signals, "signals"));
        signals = Collections.unmodifiableMap(copy);
    }

    /**
     * A snapshot whose level was set by the signals' ratios alone, not raised by a projection.
     *
     * @param timestamp     when the observation was made
     * @param level         the pressure level after this observation
     * @param drivingSignal the signal that set the level, or {@code null}
     * @param signals       every enabled signal this machine provides, by signal
     * @param heap          the heap now and after the last collection, or {@code null}
     * @param direct        direct buffer memory, or {@code null}
     * @param gc            collections and allocation
     * @param container     the process's cgroup memory, or {@code null}
     * @param system        host memory, or {@code null}
     * @param psi           memory pressure stall information, or {@code null}
     */
    public MemorySnapshot(Instant timestamp, MemoryPressureLevel level, @Nullable MemorySignal drivingSignal,
            Map<MemorySignal, SignalReading> signals, @Nullable HeapMemory heap, @Nullable DirectMemory direct,
            GcActivity gc, @Nullable ContainerMemory container, @Nullable SystemMemory system,
            @Nullable PressureStall psi) {
        this(timestamp, level, drivingSignal, signals, heap, direct, gc, container, system, psi, false);
    }

    /**
     * A snapshot with a level and no signal readings, for tests and for components that only need a level.
     *
     * @param level     the level
     * @param timestamp when
     * @return a snapshot carrying only the level
     */
    public static MemorySnapshot ofLevel(MemoryPressureLevel level, Instant timestamp) {
        return new MemorySnapshot(timestamp, level, null, Map.of(), null, null, GcActivity.NONE, null, null, null);
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
