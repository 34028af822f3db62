package io.memguard.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.MemorySnapshot.SystemMemory;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

/**
 * Snapshots with every detail filled in, for the tests of what memguard reports, and monitors that start at them.
 */
public final class MemorySnapshotFixtures {

    /** The instant every snapshot made here carries. */
    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private MemorySnapshotFixtures() {
    }

    /**
     * A monitor at {@code level}, with every detail filled in: the heap-after-gc signal drives.
     *
     * @param level the level
     * @return the monitor
     */
    public static ManualMemoryPressureMonitor monitorAt(MemoryPressureLevel level) {
        return new ManualMemoryPressureMonitor(detailedSnapshot(level));
    }

    /**
     * A snapshot at {@code level} with readings for every signal and every detail section.
     *
     * @param level the level
     * @return the snapshot
     */
    public static MemorySnapshot detailedSnapshot(MemoryPressureLevel level) {
        Map<MemorySignal, SignalReading> signals = new EnumMap<>(MemorySignal.class);
        signals.put(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, 0.875, 875, 1000));
        signals.put(MemorySignal.HEAP, new SignalReading(MemorySignal.HEAP, 0.5, 1000, 2000));
        signals.put(MemorySignal.DIRECT, new SignalReading(MemorySignal.DIRECT, 0.25, 256, 1024));
        signals.put(MemorySignal.CONTAINER, new SignalReading(MemorySignal.CONTAINER, 0.75, 3072, 4096));
        signals.put(MemorySignal.SYSTEM, new SignalReading(MemorySignal.SYSTEM, 0.5, 8192, 16384));
        signals.put(MemorySignal.PSI, new SignalReading(MemorySignal.PSI, 0.125, -1, -1));
        return new MemorySnapshot(NOW, level, MemorySignal.HEAP_AFTER_GC, signals,
                new HeapMemory(1000, 1500, 2000, 875, 1000), new DirectMemory(256, 3, 1024),
                new GcActivity(42, Duration.ofMillis(1234), Duration.ofMillis(500), 1_000_000.0),
                new ContainerMemory(1, "/test.slice", "/sys/fs/cgroup/memory/test.slice", 3500, 428, 3072, 4096, -1),
                new SystemMemory(16384, 8192, 0, 4096),
                new PressureStall(0.125, 0.0625, 0.03125, -1, -1, -1, "/proc/pressure/memory"));
    }

    /**
     * A snapshot at {@code level} with only the heap signals, as on a host without a container limit or PSI.
     *
     * @param level the level
     * @return the snapshot
     */
    public static MemorySnapshot heapOnlySnapshot(MemoryPressureLevel level) {
        Map<MemorySignal, SignalReading> signals = new EnumMap<>(MemorySignal.class);
        signals.put(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, 0.5, 500, 1000));
        signals.put(MemorySignal.HEAP, new SignalReading(MemorySignal.HEAP, 0.5, 1000, 2000));
        return new MemorySnapshot(NOW, level, MemorySignal.HEAP_AFTER_GC, signals,
                new HeapMemory(1000, 1500, 2000, 500, 1000), null, GcActivity.NONE, null, null, null);
    }
}
