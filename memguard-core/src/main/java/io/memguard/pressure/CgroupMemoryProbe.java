package io.memguard.pressure;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.CgroupLocator.Cgroup;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;

/**
 * Reads {@code container}: the working set of this process's memory cgroup over its limit.
 *
 * <p>The working set is usage minus inactive file cache, as the kubelet counts it, because the kernel drops that
 * cache before it fails an allocation. The limit is the lowest of this cgroup and its ancestors up to the mounted
 * hierarchy's root (a pod's limit often sits on the pod's cgroup, above the container's): for v2 walking
 * {@code memory.max} and {@code memory.high}, for v1 taking {@code memory.limit_in_bytes} and
 * {@code hierarchical_memory_limit} from {@code memory.stat}. With no limit anywhere there is no reading: a cgroup
 * without a limit is bounded by the host, and host memory is the {@code system} signal, not the container's.
 * On v2 it also reads the {@code high} and {@code max} counters of {@code memory.events}, which tell whether the
 * kernel reclaimed or throttled the cgroup since the last reading ({@link ContainerMemory#kernelReclaimedSince}).
 */
final class CgroupMemoryProbe implements MemoryProbe<ContainerMemory> {

    private final CgroupLocator locator;

    private @Nullable Optional<Cgroup> cgroup;

    CgroupMemoryProbe(CgroupLocator locator) {
        this.locator = locator;
    }

    @Override
    public Optional<ContainerMemory> read() {
        // The monitor never calls a probe concurrently; a process rarely changes cgroup, so it is located once.
        if (cgroup == null) {
            cgroup = locator.locate();
        }
        return cgroup.flatMap((found) -> (found.version() == 2) ? readV2(found) : readV1(found));
    }

    private Optional<ContainerMemory> readV2(Cgroup cgroup) {
        Path directory = cgroup.directory();
        OptionalLong usage = CgroupFiles.readLong(directory.resolve("memory.current"));
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        long inactiveFile = CgroupFiles.keyed(CgroupFiles.readText(directory.resolve("memory.stat")), "inactive_file")
                .orElse(0);
        long max = lowestUpwards(cgroup, "memory.max");
        long high = lowestUpwards(cgroup, "memory.high");
        // memory.events (not memory.events.local): reclaim forced by an ancestor's limit counts too.
        String events = CgroupFiles.readText(directory.resolve("memory.events"));
        return containerMemory(cgroup, usage.getAsLong(), inactiveFile, max, high,
                CgroupFiles.keyed(events, "high").orElse(-1), CgroupFiles.keyed(events, "max").orElse(-1));
    }

    private Optional<ContainerMemory> readV1(Cgroup cgroup) {
        Path directory = cgroup.directory();
        OptionalLong usage = CgroupFiles.readLong(directory.resolve("memory.usage_in_bytes"));
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        String stat = CgroupFiles.readText(directory.resolve("memory.stat"));
        OptionalLong totalInactive = CgroupFiles.keyed(stat, "total_inactive_file");
        long inactiveFile = totalInactive.isPresent() ? totalInactive.getAsLong()
                : CgroupFiles.keyed(stat, "inactive_file").orElse(0);
        long limit = lowest(CgroupFiles.readLimit(directory.resolve("memory.limit_in_bytes")).orElse(-1),
                CgroupFiles.keyed(stat, "hierarchical_memory_limit").orElse(-1));
        return containerMemory(cgroup, usage.getAsLong(), inactiveFile, limit, -1, -1, -1);
    }

    private Optional<ContainerMemory> containerMemory(Cgroup cgroup, long usage, long inactiveFile, long limit,
            long high, long highEvents, long maxEvents) {
        if (limit < 0 && high < 0) {
            return Optional.empty();
        }
        long workingSet = Math.max(0, usage - inactiveFile);
        return Optional.of(new ContainerMemory(cgroup.version(), cgroup.path(), locator.display(cgroup.directory()),
                usage, inactiveFile, workingSet, limit, high, highEvents, maxEvents));
    }

    /** The lowest limit in a file of this cgroup and every ancestor up to the mount point, or -1 for none. */
    private static long lowestUpwards(Cgroup cgroup, String fileName) {
        long lowest = -1;
        Path directory = cgroup.directory();
        while (directory != null && directory.startsWith(cgroup.mountPoint())) {
            lowest = lowest(lowest, CgroupFiles.readLimit(directory.resolve(fileName)).orElse(-1));
            directory = directory.getParent();
        }
        return lowest;
    }

    /** The lower of two limits where -1 (and anything from the unlimited sentinel up) means none. */
    private static long lowest(long a, long b) {
        long first = (a >= CgroupFiles.UNLIMITED_FROM) ? -1 : a;
        long second = (b >= CgroupFiles.UNLIMITED_FROM) ? -1 : b;
        if (first < 0) {
            return second;
        }
        return (second < 0) ? first : Math.min(first, second);
    }

    @Override
    public String toString() {
        return "container";
    }
}
