package io.memguard.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

/**
 * The long-lived heap pools of the running JVM (G1 Old Gen, Tenured Gen, PS Old Gen, ZGC's old generation or ZHeap,
 * Shenandoah...), with their use now and right after the most recent collection of any collector.
 *
 * <p>The after-GC use comes from the last {@link GcInfo} of the collector that ran last, which has every pool's use
 * after that collection: a pool's own collection usage is only updated when that pool is collected (for G1 Old Gen,
 * by a mixed or full collection), and would read 0 while the old generation fills through promotion.
 */
final class LongLivedPools {

    private final List<MemoryPoolMXBean> pools;

    private final List<LastCollection> collectors;

    LongLivedPools() {
        this(ManagementFactory.getMemoryPoolMXBeans(),
                ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class));
    }

    LongLivedPools(List<MemoryPoolMXBean> allPools, List<GarbageCollectorMXBean> collectors) {
        List<MemoryPoolMXBean> heapPools = allPools.stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        List<MemoryPoolMXBean> longLived = heapPools.stream().filter(pool -> isLongLived(pool.getName())).toList();
        // A collector whose pools are unknown to us: the whole heap stands for the long-lived pool.
        this.pools = longLived.isEmpty() ? heapPools : longLived;
        this.collectors = collectors.stream().map(LastCollection::new).toList();
    }

    static boolean isLongLived(String poolName) {
        String name = poolName.toLowerCase(Locale.ROOT);
        return name.endsWith("old gen") || name.endsWith("tenured gen") || name.contains("old generation")
                || name.equals("zheap") || name.equals("shenandoah") || name.startsWith("tenured");
    }

    List<String> names() {
        return pools.stream().map(MemoryPoolMXBean::getName).toList();
    }

    List<PoolUse> read() {
        GcInfo lastGc = lastCollection();
        List<PoolUse> uses = new ArrayList<>(pools.size());
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage now = pool.getUsage();
            if (now == null) {
                continue;
            }
            uses.add(new PoolUse(pool.getName(), now.getUsed(), usedAfterLastGc(pool, lastGc, now), now.getMax()));
        }
        return uses;
    }

    private @Nullable GcInfo lastCollection() {
        GcInfo last = null;
        for (LastCollection collector : collectors) {
            GcInfo info = collector.read();
            if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                last = info;
            }
        }
        return last;
    }

    private static long usedAfterLastGc(MemoryPoolMXBean pool, @Nullable GcInfo lastGc, MemoryUsage now) {
        if (lastGc != null) {
            MemoryUsage after = lastGc.getMemoryUsageAfterGc().get(pool.getName());
            if (after != null) {
                return after.getUsed();
            }
        }
        MemoryUsage collectionUsage = pool.getCollectionUsage();
        if (collectionUsage != null && collectionUsage.getUsed() > 0) {
            return collectionUsage.getUsed();
        }
        // No collection seen yet: the current use is the only bound there is.
        return now.getUsed();
    }

    /**
     * One long-lived pool.
     *
     * @param name            the pool name
     * @param used            bytes in use now
     * @param usedAfterLastGc bytes in use right after the most recent collection
     * @param max             the pool's limit, or {@code -1} where undefined
     */
    record PoolUse(String name, long used, long usedAfterLastGc, long max) {
    }
}
