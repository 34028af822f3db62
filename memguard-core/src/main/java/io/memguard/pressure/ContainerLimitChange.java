package io.memguard.pressure;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;

/**
 * A change of the limits of this process's cgroup between two readings, such as a Kubernetes pod resized in place.
 * The {@code container} ratio is measured against the new limits from the reading that found them, so the thresholds
 * follow at once.
 *
 * @param previousLimitBytes the hard limit ({@code memory.max} or {@code memory.limit_in_bytes}) before, or
 *                           {@code -1} where there was none
 * @param limitBytes         the hard limit now, or {@code -1} where there is none
 * @param previousHighBytes  {@code memory.high} before (cgroup v2), or {@code -1} where not set
 * @param highBytes          {@code memory.high} now, or {@code -1} where not set
 * @param changedAt          when the reading that found the new limits was taken
 * @since 0.2.0
 */
public record ContainerLimitChange(long previousLimitBytes, long limitBytes, long previousHighBytes, long highBytes,
        Instant changedAt) {

    public ContainerLimitChange {
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /**
     * The change between two readings of the same cgroup, if its limits changed.
     *
     * @param before the earlier reading, or {@code null}
     * @param after  the later reading, or {@code null}
     * @param at     when {@code after} was read
     * @return the change, or {@code null} where there is no earlier reading of the same cgroup or no change
     */
    static @Nullable ContainerLimitChange between(@Nullable ContainerMemory before, @Nullable ContainerMemory after,
            Instant at) {
        if (before == null || after == null || !before.directory().equals(after.directory())
                || (before.limitBytes() == after.limitBytes() && before.highBytes() == after.highBytes())) {
            return null;
        }
        return new ContainerLimitChange(before.limitBytes(), after.limitBytes(), before.highBytes(),
                after.highBytes(), at);
    }
}
