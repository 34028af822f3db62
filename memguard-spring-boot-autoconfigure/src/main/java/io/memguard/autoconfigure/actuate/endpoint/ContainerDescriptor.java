package io.memguard.autoconfigure.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.memguard.pressure.ContainerMemory;

/**
 * The memory of the cgroup this process runs in.
 *
 * @param cgroupVersion     1 or 2
 * @param cgroupPath        the process's cgroup, from {@code /proc/self/cgroup}
 * @param directory         the directory the figures were read from
 * @param usageBytes        memory charged to the cgroup, page cache included
 * @param inactiveFileBytes page cache the kernel can drop at once
 * @param workingSetBytes   usage minus inactive file cache, as the kubelet counts it: what the signal uses
 * @param limitBytes        the hard limit ({@code memory.max} or {@code memory.limit_in_bytes}); absent where
 *                          unlimited
 * @param highBytes         the throttling limit ({@code memory.high}, cgroup v2 only); absent where unset
 * @param effectiveLimitBytes the lower of the two limits: what the signal divides by
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerDescriptor(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
        long inactiveFileBytes, long workingSetBytes, Long limitBytes, Long highBytes, long effectiveLimitBytes) {

    static ContainerDescriptor of(ContainerMemory container) {
        if (container == null) {
            return null;
        }
        return new ContainerDescriptor(container.cgroupVersion(), container.cgroupPath(), container.directory(),
                container.usageBytes(), container.inactiveFileBytes(), container.workingSetBytes(),
                SignalDescriptor.bytesOrNull(container.limitBytes()),
                SignalDescriptor.bytesOrNull(container.highBytes()), container.effectiveLimitBytes());
    }
}
