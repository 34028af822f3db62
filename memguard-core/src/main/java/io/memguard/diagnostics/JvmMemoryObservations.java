package io.memguard.diagnostics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.List;
import java.util.Objects;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * What the JVM itself tells about memory: the max heap, whether explicit collections are disabled, the GC
 * overhead since start, and the memory left for work (max heap minus the heap in use after the last
 * collection). The container limit is not read here: {@link PressureSnapshotObservations} takes it from the
 * pressure monitor, which finds the process's own cgroup. All reads happen when {@link #contribute} is called,
 * not on any hot path.
 */
final class JvmMemoryObservations implements MemoryObservationContributor {

    private final MemoryMXBean memory;

    private final List<MemoryPoolMXBean> pools;

    private final List<GarbageCollectorMXBean> collectors;

    private final RuntimeMXBean runtime;

    private final HotSpotDiagnosticMXBean hotSpot;

    /**
     * Observes this JVM.
     *
     * @return the contributor
     */
    static JvmMemoryObservations ofThisJvm() {
        return new JvmMemoryObservations(ManagementFactory.getMemoryMXBean(),
                ManagementFactory.getMemoryPoolMXBeans(), ManagementFactory.getGarbageCollectorMXBeans(),
                ManagementFactory.getRuntimeMXBean(),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
    }

    /**
     * Observes the given management beans, for tests.
     *
     * @param memory     the memory bean
     * @param pools      the memory pool beans
     * @param collectors the collector beans
     * @param runtime    the runtime bean, for the uptime
     * @param hotSpot    the HotSpot diagnostic bean, or {@code null} on a JVM without one
     */
    JvmMemoryObservations(MemoryMXBean memory, List<MemoryPoolMXBean> pools,
            List<GarbageCollectorMXBean> collectors, RuntimeMXBean runtime, HotSpotDiagnosticMXBean hotSpot) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.pools = List.copyOf(pools);
        this.collectors = List.copyOf(collectors);
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.hotSpot = hotSpot;
    }

    @Override
    public void contribute(MemoryObservations.Builder observations) {
        long maxHeap = memory.getHeapMemoryUsage().getMax();
        if (maxHeap > 0) {
            observations.maxHeapBytes(maxHeap);
            observations.availableMemoryBytes(Math.max(0, maxHeap - liveHeapBytes()));
        }
        observations.explicitGcDisabled(explicitGcDisabled());
        long uptime = runtime.getUptime();
        if (uptime > 0) {
            long collecting = 0;
            for (GarbageCollectorMXBean collector : collectors) {
                collecting += Math.max(0, collector.getCollectionTime());
            }
            observations.gcOverhead(Math.min(1.0, (double) collecting / uptime));
        }
    }

    /** The heap in use right after the last collection of each heap pool; the current use where unknown. */
    private long liveHeapBytes() {
        long live = 0;
        for (MemoryPoolMXBean pool : pools) {
            if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            live += afterGc != null ? afterGc.getUsed() : pool.getUsage().getUsed();
        }
        return live;
    }

    private boolean explicitGcDisabled() {
        if (hotSpot == null) {
            return false;
        }
        try {
            VMOption option = hotSpot.getVMOption("DisableExplicitGC");
            return Boolean.parseBoolean(option.getValue());
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
