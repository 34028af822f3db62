package io.memguard.pressure;

/**
 * Told when the limits of this process's cgroup change between two readings of a
 * {@link DefaultMemoryPressureMonitor}.
 *
 * <p>Called on the refreshing thread, after the level computed against the new limits is published; one that throws
 * is logged and counted, and the others still run.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ContainerLimitListener {

    /**
     * Called once per change found.
     *
     * @param change the old and new limits, and when
     */
    void onContainerLimitChange(ContainerLimitChange change);
}
