package io.memguard.pressure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private @Nullable Optional<OpenCgroup> cgroup;

    CgroupMemoryProbe(CgroupLocator locator) {
        this.locator = locator;
    }

    @Override
    public Optional<ContainerMemory> read() {
        // The monitor never calls a probe concurrently; a process rarely changes cgroup, so it is located once.
        if (cgroup == null) {
            cgroup = locator.locate().map((found) -> new OpenCgroup(found, locator.display(found.directory())));
        }
        return cgroup.flatMap((open) -> (open.cgroup.version() == 2) ? readV2(open) : readV1(open));
    }

    private Optional<ContainerMemory> readV2(OpenCgroup open) {
        OptionalLong usage = CgroupFiles.number(open.usage.read());
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        long inactiveFile = CgroupFiles.keyed(open.stat.read(), "inactive_file").orElse(0);
        long max = lowest(open.maxUpwards);
        long high = lowest(open.highUpwards);
        // memory.events (not memory.events.local): reclaim forced by an ancestor's limit counts too.
        String events = open.events.read();
        return containerMemory(open, usage.getAsLong(), inactiveFile, max, high,
                CgroupFiles.keyed(events, "high").orElse(-1), CgroupFiles.keyed(events, "max").orElse(-1));
    }

    private Optional<ContainerMemory> readV1(OpenCgroup open) {
        OptionalLong usage = CgroupFiles.number(open.usage.read());
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        String stat = open.stat.read();
        OptionalLong totalInactive = CgroupFiles.keyed(stat, "total_inactive_file");
        long inactiveFile = totalInactive.isPresent() ? totalInactive.getAsLong()
                : CgroupFiles.keyed(stat, "inactive_file").orElse(0);
        long limit = lowest(CgroupFiles.limit(open.limit.read()).orElse(-1),
                CgroupFiles.keyed(stat, "hierarchical_memory_limit").orElse(-1));
        return containerMemory(open, usage.getAsLong(), inactiveFile, limit, -1, -1, -1);
    }

    private static Optional<ContainerMemory> containerMemory(OpenCgroup open, long usage, long inactiveFile,
            long limit, long high, long highEvents, long maxEvents) {
        if (limit < 0 && high < 0) {
            return Optional.empty();
        }
        long workingSet = Math.max(0, usage - inactiveFile);
        return Optional.of(new ContainerMemory(open.cgroup.version(), open.cgroup.path(), open.display, usage,
                inactiveFile, workingSet, limit, high, highEvents, maxEvents));
    }

    /** The lowest limit in one file of a cgroup and each of its ancestors, or -1 for none. */
    private static long lowest(List<KernelFile> upwards) {
        long lowest = -1;
        for (KernelFile file : upwards) {
            lowest = lowest(lowest, CgroupFiles.limit(file.read()).orElse(-1));
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
    public void close() {
        if (cgroup != null) {
            cgroup.ifPresent(OpenCgroup::close);
        }
    }

    @Override
    public String toString() {
        return "container";
    }

    /**
     * The located cgroup and the files a reading takes from it, kept open (see {@link KernelFile}): on v1
     * {@code memory.usage_in_bytes}, {@code memory.stat} and {@code memory.limit_in_bytes}; on v2
     * {@code memory.current}, {@code memory.stat}, {@code memory.events}, and {@code memory.max} and
     * {@code memory.high} of the cgroup and every ancestor up to the mount point.
     */
    private static final class OpenCgroup {

        final Cgroup cgroup;

        final String display;

        final KernelFile usage;

        final KernelFile stat;

        final KernelFile limit;

        final KernelFile events;

        final List<KernelFile> maxUpwards;

        final List<KernelFile> highUpwards;

        OpenCgroup(Cgroup cgroup, String display) {
            this.cgroup = cgroup;
            this.display = display;
            Path directory = cgroup.directory();
            boolean v2 = cgroup.version() == 2;
            this.usage = new KernelFile(directory.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
            this.stat = new KernelFile(directory.resolve("memory.stat"));
            this.limit = new KernelFile(directory.resolve("memory.limit_in_bytes"));
            this.events = new KernelFile(directory.resolve("memory.events"));
            this.maxUpwards = v2 ? upwards(cgroup, "memory.max") : List.of();
            this.highUpwards = v2 ? upwards(cgroup, "memory.high") : List.of();
        }

        /** One file of this cgroup and of every ancestor up to the mount point, the cgroup's own first. */
        private static List<KernelFile> upwards(Cgroup cgroup, String fileName) {
            List<KernelFile> files = new ArrayList<>();
            Path directory = cgroup.directory();
            while (directory != null && directory.startsWith(cgroup.mountPoint())) {
                files.add(new KernelFile(directory.resolve(fileName)));
                directory = directory.getParent();
            }
            return List.copyOf(files);
        }

        void close() {
            usage.close();
            stat.close();
            limit.close();
            events.close();
            maxUpwards.forEach(KernelFile::close);
            highUpwards.forEach(KernelFile::close);
        }
    }
}
