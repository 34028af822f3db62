package io.memguard.pressure;

import java.util.Objects;

/**
 * A change of the memory pressure level.
 *
 * @param previous the level before the change
 * @param current  the level after the change
 * @param snapshot the observation that caused the change
 * @since 0.1.0
 */
public record MemoryPressureChange(MemoryPressureLevel previous, MemoryPressureLevel current,
        MemorySnapshot snapshot) {

    public MemoryPressureChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * Returns whether the level got worse.
     *
     * @return {@code true} when {@code current} is worse than {@code previous}
     */
    public boolean isRising() {
        return current.compareTo(previous) > 0;
    }
}
