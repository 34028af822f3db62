package io.memguard.autoconfigure.diagnostics;

import java.util.Objects;
import java.util.function.Consumer;

import io.memguard.diagnostics.HeapTrendDetector;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.HeapMemory;

/**
 * Feeds the {@link HeapTrendDetector} the live heap (long-lived pools after the collection, over their limit) once
 * per garbage collection, from the pressure monitor's snapshots; closing it stops the feed.
 *
 * @since 0.1.0
 */
final class HeapTrendFeed implements AutoCloseable {

    private final DefaultMemoryPressureMonitor monitor;

    private final HeapTrendDetector detector;

    private final Consumer<MemorySnapshot> listener = this::afterGarbageCollection;

    /**
     * Starts feeding {@code detector} from {@code monitor}.
     *
     * @param monitor  the pressure monitor
     * @param detector the detector
     */
    HeapTrendFeed(DefaultMemoryPressureMonitor monitor, HeapTrendDetector detector) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.detector = Objects.requireNonNull(detector, "detector");
        monitor.addGarbageCollectionListener(listener);
    }

    private void afterGarbageCollection(MemorySnapshot snapshot) {
        HeapMemory heap = snapshot.heap();
        if (heap != null && heap.afterGcUsedBytes() >= 0 && heap.afterGcMaxBytes() > 0) {
            detector.accept(snapshot.timestamp(), heap.afterGcUsedBytes(), heap.afterGcMaxBytes());
        }
    }

    @Override
    public void close() {
        monitor.removeGarbageCollectionListener(listener);
    }
}
