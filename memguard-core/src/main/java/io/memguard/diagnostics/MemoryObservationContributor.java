package io.memguard.diagnostics;

import io.memguard.pressure.MemoryPressureMonitor;

/**
 * Fills in what one part of the service knows about memory, as evidence for recommendations: the JVM its
 * heap and collector, a buffer pool its buckets' reuse, the configuration its settings.
 *
 * <p>Contributors run one after the other on the same builder, so a later contributor overrides a figure an
 * earlier one set (list-valued figures, such as bucket reuse, accumulate).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MemoryObservationContributor {

    /**
     * Adds this contributor's observations.
     *
     * @param observations the observations being collected
     */
    void contribute(MemoryObservations.Builder observations);

    /**
     * What the JVM itself tells about memory: the max heap, whether explicit collections are disabled, the GC
     * overhead since start, and the memory left for work (max heap minus the heap in use after the last
     * collection). All reads happen when the observations are collected, not on any hot path.
     *
     * @return the contributor
     */
    static MemoryObservationContributor jvmMemory() {
        return JvmMemoryObservations.ofThisJvm();
    }

    /**
     * What the JVM may take from its container, {@link JvmFootprint}, measured when the observations are collected
     * (non-heap memory and the thread count change after start-up).
     *
     * @return the contributor
     */
    static MemoryObservationContributor jvmFootprint() {
        return JvmFootprintObservations.ofThisJvm();
    }

    /**
     * What {@code monitor} last observed: the memory limit of the container the JVM runs in, from the process's own
     * cgroup. Nothing is reported where the monitor sees no limit.
     *
     * @param monitor the pressure monitor
     * @return the contributor
     */
    static MemoryObservationContributor pressureSnapshot(MemoryPressureMonitor monitor) {
        return new PressureSnapshotObservations(monitor);
    }
}
