package io.memguard.pressure;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * Signal values set by a test, handed to a monitor as its probes; and GC notifications a test fires.
 */
final class FakeMachine implements GcNotifications {

    static final long LIMIT = 1_000_000;

    volatile HeapMemory heap = heapAfterGc(0.10);

    volatile DirectMemory direct = new DirectMemory(0, 0, LIMIT);

    volatile GcTotals gc = new GcTotals(0, Duration.ZERO, null, -1);

    volatile ContainerMemory container;

    volatile SystemMemory system = new SystemMemory(LIMIT, LIMIT / 2, 0, 0);

    volatile PressureStall psi;

    volatile Consumer<GarbageCollection> onCollection;

    volatile int subscriptionsClosed;

    static HeapMemory heapAfterGc(double ratio) {
        long used = (long) (ratio * LIMIT);
        return new HeapMemory(used, LIMIT, LIMIT, used, LIMIT);
    }

    static ContainerMemory container(double ratio) {
        long used = (long) (ratio * LIMIT);
        return new ContainerMemory(2, "/", "/sys/fs/cgroup", used, 0, used, LIMIT, -1);
    }

    static GcTotals gc(long collections, Instant lastEnd, long allocatedBytes) {
        return new GcTotals(collections, Duration.ofMillis(collections * 3), lastEnd, allocatedBytes);
    }

    DefaultMemoryPressureMonitor.Builder monitor() {
        return DefaultMemoryPressureMonitor.builder().heapProbe(() -> Optional.ofNullable(heap))
                .directProbe(() -> Optional.ofNullable(direct)).gcProbe(() -> Optional.ofNullable(gc))
                .containerProbe(() -> Optional.ofNullable(container))
                .systemProbe(() -> Optional.ofNullable(system)).psiProbe(() -> Optional.ofNullable(psi))
                .gcNotifications(this).explicitGc(new CountingExplicitGc(false))
                .youngCollections(YoungCollectionProvoker.NONE);
    }

    /** A collection that does not measure the live set: a G1 young collection, which grows the old generation. */
    static final GarbageCollection YOUNG = GarbageCollection.of("G1 Young Generation", "end of minor GC",
            "G1 Evacuation Pause", 3, 10, 20);

    /** Fires {@link #YOUNG}. */
    void fireCollection() {
        fireCollection(YOUNG);
    }

    /** A collection that measures the live set: a G1 mixed collection, which shrinks the old generation. */
    static final GarbageCollection MEASURING = GarbageCollection.of("G1 Young Generation", "end of minor GC",
            "G1 Evacuation Pause", 3, 20, 10);

    /** Fires {@link #MEASURING}. */
    void fireMeasuringCollection() {
        fireCollection(MEASURING);
    }

    void fireCollection(GarbageCollection collection) {
        onCollection.accept(collection);
    }

    @Override
    public AutoCloseable subscribe(Consumer<GarbageCollection> onCollection) {
        this.onCollection = onCollection;
        return () -> subscriptionsClosed++;
    }
}
