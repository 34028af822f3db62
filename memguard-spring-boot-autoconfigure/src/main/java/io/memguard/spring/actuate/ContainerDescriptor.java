package io.memguard.spring.actuate;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;

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
 * @param highEvents        the {@code high} counter of {@code memory.events} (v2): times the kernel throttled the
 *                          cgroup over {@code memory.high}; absent where unknown
 * @param maxEvents         the {@code max} counter of {@code memory.events} (v2): times the kernel reclaimed at
 *                          {@code memory.max}; absent where unknown
 * @param limitChange       the last change of the limits seen while running; absent where they never changed
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerDescriptor(int cgroupVersion, String cgroupPath, String directory, long usageBytes,
        long inactiveFileBytes, long workingSetBytes, @Nullable Long limitBytes, @Nullable Long highBytes,
        long effectiveLimitBytes, @Nullable Long highEvents, @Nullable Long maxEvents,
        @Nullable LimitChange limitChange) {

    static @Nullable ContainerDescriptor of(@Nullable ContainerMemory container,
            @Nullable ContainerLimitChange limitChange) {
        if (container == null) {
            return null;
        }
        return new ContainerDescriptor(container.cgroupVersion(), container.cgroupPath(), container.directory(),
                container.usageBytes(), container.inactiveFileBytes(), container.workingSetBytes(),
                SignalDescriptor.bytesOrNull(container.limitBytes()),
                SignalDescriptor.bytesOrNull(container.highBytes()), container.effectiveLimitBytes(),
                SignalDescriptor.bytesOrNull(container.highEvents()),
                SignalDescriptor.bytesOrNull(container.maxEvents()), LimitChange.of(limitChange));
    }

    /**
     * A change of the cgroup's limits, such as a pod resized in place.
     *
     * @param previousLimitBytes the hard limit before; absent where there was none
     * @param limitBytes         the hard limit after; absent where there is none
     * @param previousHighBytes  {@code memory.high} before; absent where unset
     * @param highBytes          {@code memory.high} after; absent where unset
     * @param changedAt          when the reading that found the new limits was taken
     * @since 0.2.0
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LimitChange(@Nullable Long previousLimitBytes, @Nullable Long limitBytes,
            @Nullable Long previousHighBytes, @Nullable Long highBytes,
            Instant changedAt) {

        static @Nullable LimitChange of(@Nullable ContainerLimitChange change) {
            if (change == null) {
                return null;
            }
            return new LimitChange(SignalDescriptor.bytesOrNull(change.previousLimitBytes()),
                    SignalDescriptor.bytesOrNull(change.limitBytes()),
                    SignalDescriptor.bytesOrNull(change.previousHighBytes()),
                    SignalDescriptor.bytesOrNull(change.highBytes()), change.changedAt());
        }
    }
}
