package io.memguard.pressure;

import org.jspecify.annotations.Nullable;

/**
 * The memory of this process's own cgroup (its container, pod or systemd unit), where that cgroup has a limit.
 *
 * <p>Never host memory: a process in an unlimited cgroup, or in none, has no container reading at all.
 *
 * @param cgroupVersion     1 or 2
 * @param cgroupPath        the process's cgroup as listed in {@code /proc/self/cgroup}, such as {@code /kubepods/pod1/c1}
 * @param directory         the directory the files were read from, such as {@code /sys/fs/cgroup/memory/kubepods/pod1/c1}
 * @param usageBytes        {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1): page cache included
 * @param inactiveFileBytes {@code inactive_file} (v2) or {@code total_inactive_file} (v1) of {@code memory.stat}:
 *                          page cache the kernel can drop
 * @param workingSetBytes   usage minus inactive file cache, as the kubelet counts it (never below zero)
 * @param limitBytes        {@code memory.max} (v2) or {@code memory.limit_in_bytes} (v1), the lowest of this cgroup and
 *                          its ancestors, or {@code -1} where unlimited (then {@code memory.high} is set)
 * @param highBytes         {@code memory.high} (v2 only), the lowest of this cgroup and its ancestors, or {@code -1}
 *                          where not set
 * @param highEvents        the {@code high} counter of {@code memory.events} (v2 only): how many times usage went
 *                          over {@code memory.high} and the kernel throttled and reclaimed; {@code -1} where unknown
 * @param maxEvents         the {@code max} counter of {@code memory.events} (v2 only): how many times usage was about
 *                          to go over {@code memory.max} and the kernel reclaimed directly; {@code -1} where unknown
 * @since 0.1.0
 */
public record ContainerMemory(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
        long inactiveFileBytes, long workingSetBytes, long limitBytes, long highBytes, long highEvents,
        long maxEvents) {

    /**
     * A reading without {@code memory.events} counters (cgroup v1, or a v2 cgroup whose file is unreadable).
     *
     * @param cgroupVersion     1 or 2
     * @param cgroupPath        the process's cgroup as listed in {@code /proc/self/cgroup}
     * @param directory         the directory the files were read from
     * @param usageBytes        usage, page cache included
     * @param inactiveFileBytes page cache the kernel can drop
     * @param workingSetBytes   usage minus inactive file cache
     * @param limitBytes        the hard limit, or {@code -1}
     * @param highBytes         {@code memory.high}, or {@code -1}
     */
    public ContainerMemory(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
            long inactiveFileBytes, long workingSetBytes, long limitBytes, long highBytes) {
        this(cgroupVersion, cgroupPath, directory, usageBytes, inactiveFileBytes, workingSetBytes, limitBytes,
                highBytes, -1, -1);
    }

    /**
     * Whether the kernel reclaimed or throttled this cgroup between an earlier reading and this one: its
     * {@code memory.events} {@code high} or {@code max} counter went up. That is the kernel acting on the limit
     * already, whatever the working set's ratio says (page cache it dropped to stay under the limit no longer shows).
     *
     * @param earlier the earlier reading of the same cgroup, or {@code null}
     * @return {@code true} if a counter known in both readings increased
     * @since 0.2.0
     */
    public boolean kernelReclaimedSince(@Nullable ContainerMemory earlier) {
        if (earlier == null || !directory.equals(earlier.directory)) {
            return false;
        }
        return increased(earlier.highEvents, highEvents) || increased(earlier.maxEvents, maxEvents);
    }

    private static boolean increased(long before, long after) {
        return before >= 0 && after > before;
    }

    /**
     * The limit the working set is measured against: {@code memory.high} where set (the kernel throttles and reclaims
     * hard above it), otherwise {@code memory.max}.
     *
     * @return the lower of the set limits, in bytes
     */
    public long effectiveLimitBytes() {
        if (highBytes < 0) {
            return limitBytes;
        }
        return (limitBytes < 0) ? highBytes : Math.min(limitBytes, highBytes);
    }
}
