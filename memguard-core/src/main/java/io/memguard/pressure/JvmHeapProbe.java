package io.memguard.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.memguard.pressure.MemorySnapshot.HeapMemory;

/**
 * Reads {@code heap} and {@code heap-after-gc}.
 *
 * <p>The live set is estimated per long-lived pool as the lower of its use right after the last collection and its
 * use now. After a collection the first is the better bound; but when memory is released (a cache cleared, a batch
 * done) and no collection follows, as on an idle service, the current use already bounds the live set from above and
 * the after-GC figure would go stale: taking the lower of the two lets the level fall without waiting for a GC that
 * may never come.
 *
 * <p>The limit of {@code heap-after-gc} is the long-lived pools' limit minus the {@link CollectorReserve} of the
 * running collector: the live set a collector can really hold, so that CRITICAL comes before the collector fails
 * (G1 runs out with a fifth of {@code -Xmx} still free).
 */
final class JvmHeapProbe implements MemoryProbe<HeapMemory> {

    private final Supplier<MemoryUsage> heapUsage;

    private final Supplier<List<LongLivedPools.PoolUse>> longLivedPools;

    private final long reserveBytes;

    JvmHeapProbe() {
        this(ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage, new LongLivedPools()::read,
                new CollectorReserve().bytes(maxOf(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage())));
    }

    JvmHeapProbe(Supplier<MemoryUsage> heapUsage, Supplier<List<LongLivedPools.PoolUse>> longLivedPools) {
        this(heapUsage, longLivedPools, 0);
    }

    /**
     * @param reserveBytes what the collector needs free besides the live set, subtracted from the long-lived limit
     */
    JvmHeapProbe(Supplier<MemoryUsage> heapUsage, Supplier<List<LongLivedPools.PoolUse>> longLivedPools,
            long reserveBytes) {
        this.heapUsage = heapUsage;
        this.longLivedPools = longLivedPools;
        this.reserveBytes = reserveBytes;
    }

    @Override
    public Optional<HeapMemory> read() {
        MemoryUsage heap = heapUsage.get();
        long afterGcUsed = 0;
        long afterGcMax = 0;
        for (LongLivedPools.PoolUse pool : longLivedPools.get()) {
            afterGcUsed += Math.min(pool.usedAfterLastGc(), pool.used());
            afterGcMax = (pool.max() < 0 || afterGcMax < 0) ? -1 : afterGcMax + pool.max();
        }
        // A reserve of half the long-lived limit or more cannot be what the collector keeps free (a pool layout we
        // misread): judging against the whole limit is then the safer mistake.
        if (afterGcMax > 2 * reserveBytes) {
            afterGcMax -= reserveBytes;
        }
        return Optional.of(new HeapMemory(heap.getUsed(), heap.getCommitted(), maxOf(heap), afterGcUsed,
                (afterGcMax > 0) ? afterGcMax : -1));
    }

    private static long maxOf(MemoryUsage heap) {
        if (heap.getMax() >= 0) {
            return heap.getMax();
        }
        long runtimeMax = Runtime.getRuntime().maxMemory();
        return (runtimeMax == Long.MAX_VALUE) ? -1 : runtimeMax;
    }

    @Override
    public String toString() {
        return "heap";
    }
}
