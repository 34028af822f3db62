package io.memguard.pressure;

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
 * @since 0.1.0
 */
public record ContainerMemory(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
        long inactiveFileBytes, long workingSetBytes, long limitBytes, long highBytes) {

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
