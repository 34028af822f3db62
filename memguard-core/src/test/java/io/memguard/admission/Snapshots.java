package io.memguard.admission;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.SignalReading;

/** Snapshots carrying only the two readings the admission loop steers by. */
final class Snapshots {

    private Snapshots() {
    }

    static MemorySnapshot heapAfterGc(double ratio) {
        return of(ratio, -1);
    }

    /** A snapshot with a heap-after-GC ratio and, when not negative, a container ratio. */
    static MemorySnapshot of(double heapAfterGc, double container) {
        Map<MemorySignal, SignalReading> signals = new EnumMap<>(MemorySignal.class);
        signals.put(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, heapAfterGc, -1, -1));
        if (container >= 0) {
            signals.put(MemorySignal.CONTAINER, new SignalReading(MemorySignal.CONTAINER, container, -1, -1));
        }
        return new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.NONE, MemorySignal.HEAP_AFTER_GC, signals, null,
                null, GcActivity.NONE, null, null, null);
    }
}
