package io.memguard.pressure;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import io.memguard.pressure.DefaultMemoryPressureMonitor.Observation;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * Turns the details read by the probes into one {@link SignalReading} per enabled signal.
 */
final class SignalReadings {

    private SignalReadings() {
    }

    static Map<MemorySignal, SignalReading> of(PressureSettings settings, Observation observation) {
        return of(settings, observation, Set.of(), GcActivity.NONE);
    }

    /**
     * The readings of an observation, those of the {@code stale} signals marked stale.
     */
    static Map<MemorySignal, SignalReading> of(PressureSettings settings, Observation observation,
            Set<MemorySignal> stale, GcActivity gc) {
        Map<MemorySignal, SignalReading> readings = new EnumMap<>(MemorySignal.class);
        HeapMemory heap = observation.heap();
        if (heap != null) {
            put(readings, settings, MemorySignal.HEAP, heap.usedBytes(), heap.maxBytes());
            put(readings, settings, MemorySignal.HEAP_AFTER_GC, heap.afterGcUsedBytes(), heap.afterGcMaxBytes());
        }
        DirectMemory direct = observation.direct();
        if (direct != null) {
            put(readings, settings, MemorySignal.DIRECT, direct.usedBytes(), direct.limitBytes());
        }
        ContainerMemory container = observation.container();
        if (container != null) {
            put(readings, settings, MemorySignal.CONTAINER, container.workingSetBytes(),
                    container.effectiveLimitBytes());
        }
        SystemMemory system = observation.system();
        if (system != null) {
            put(readings, settings, MemorySignal.SYSTEM, system.totalBytes() - system.availableBytes(),
                    system.totalBytes());
        }
        PressureStall psi = observation.psi();
        if (psi != null && settings.isEnabled(MemorySignal.PSI)) {
            readings.put(MemorySignal.PSI, new SignalReading(MemorySignal.PSI, clamp(psi.someAvg10()), -1, -1));
        }
        if (gc.overhead() >= 0 && settings.isEnabled(MemorySignal.GC_OVERHEAD)) {
            readings.put(MemorySignal.GC_OVERHEAD, new SignalReading(MemorySignal.GC_OVERHEAD, clamp(gc.overhead()),
                    -1, -1));
        }
        readings.replaceAll((signal, reading) -> stale.contains(signal) ? reading.asStale() : reading);
        return readings;
    }

    private static void put(Map<MemorySignal, SignalReading> readings, PressureSettings settings, MemorySignal signal,
            long used, long limit) {
        if (limit > 0 && used >= 0 && settings.isEnabled(signal)) {
            readings.put(signal, new SignalReading(signal, clamp((double) used / limit), used, limit));
        }
    }

    /** Usage can pass a soft limit (a working set above {@code memory.high}); a ratio stays in [0..1]. */
    static double clamp(double ratio) {
        if (!(ratio > 0.0)) {
            return 0.0;
        }
        return Math.min(ratio, 1.0);
    }
}
