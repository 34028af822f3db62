package io.memguard.diagnostics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * What the JVM itself tells about memory: the max heap, the container limit, whether explicit collections
 * are disabled, the GC overhead since start, and the memory left for work (max heap minus the heap in use
 * after the last collection).
 *
 * <p>The container limit is read cheaply from the cgroup file system mounted at the given root
 * ({@code memory.max} for cgroup v2, {@code memory/memory.limit_in_bytes} for v1), which is where a
 * container with its own cgroup namespace sees its limit; without a limit nothing is reported. All reads
 * happen when {@link #contribute} is called, not on any hot path.
 *
 * @since 0.1.0
 */
public final class JvmMemoryObservations implements MemoryObservationContributor {

    /** cgroup v1 reports "no limit" as a huge number, rounded down to a page: anything this large is none. */
    private static final long CGROUP_V1_UNLIMITED = 1L << 62;

    private final Path cgroupRoot;

    private final MemoryMXBean memory;

    private final List<MemoryPoolMXBean> pools;

    private final List<GarbageCollectorMXBean> collectors;

    private final RuntimeMXBean runtime;

    private final HotSpotDiagnosticMXBean hotSpot;

    /**
     * Observes this JVM, with the cgroup file system at {@code /sys/fs/cgroup}.
     *
     * @return the contributor
     */
    public static JvmMemoryObservations ofThisJvm() {
        return new JvmMemoryObservations(Path.of("/sys/fs/cgroup"), ManagementFactory.getMemoryMXBean(),
                ManagementFactory.getMemoryPoolMXBeans(), ManagementFactory.getGarbageCollectorMXBeans(),
                ManagementFactory.getRuntimeMXBean(),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
    }

    /**
     * Observes the given management beans and cgroup root, for tests and unusual mounts.
     *
     * @param cgroupRoot where the cgroup file system is mounted
     * @param memory     the memory bean
     * @param pools      the memory pool beans
     * @param collectors the collector beans
     * @param runtime    the runtime bean, for the uptime
     * @param hotSpot    the HotSpot diagnostic bean, or {@code null} on a JVM without one
     */
    public JvmMemoryObservations(Path cgroupRoot, MemoryMXBean memory, List<MemoryPoolMXBean> pools,
            List<GarbageCollectorMXBean> collectors, RuntimeMXBean runtime, HotSpotDiagnosticMXBean hotSpot) {
        this.cgroupRoot = Objects.requireNonNull(cgroupRoot, "cgroupRoot");
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
        long limit = containerLimitBytes();
        if (limit > 0) {
            observations.containerLimitBytes(limit);
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

    private long containerLimitBytes() {
        long v2 = readLimit(cgroupRoot.resolve("memory.max"));
        if (v2 > 0) {
            return v2;
        }
        long v1 = readLimit(cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes"));
        return v1 > 0 && v1 < CGROUP_V1_UNLIMITED ? v1 : -1;
    }

    private static long readLimit(Path file) {
        if (!Files.isReadable(file)) {
            return -1;
        }
        try {
            String value = Files.readString(file).trim();
            return "max".equals(value) ? -1 : Long.parseLong(value);
        }
        catch (IOException | NumberFormatException ex) {
            return -1;
        }
    }
}
