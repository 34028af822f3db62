package io.memguard.diagnostics;

import java.util.Objects;

import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;

/**
 * What the pressure monitor last observed, as evidence for recommendations: the memory limit of the container the
 * JVM runs in, from the process's own cgroup ({@code memory.max} for cgroup v2, {@code memory.limit_in_bytes} for
 * v1, the lowest of the cgroup and its ancestors). Nothing is reported where the monitor sees no limit.
 */
final class PressureSnapshotObservations implements MemoryObservationContributor {

    private final MemoryPressureMonitor monitor;

    /**
     * Observes what {@code monitor} last saw.
     *
     * @param monitor the pressure monitor
     */
    PressureSnapshotObservations(MemoryPressureMonitor monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public void contribute(MemoryObservations.Builder observations) {
        MemorySnapshot snapshot = monitor.snapshot();
        ContainerMemory container = (snapshot != null) ? snapshot.container() : null;
        if (container != null && container.limitBytes() > 0) {
            observations.containerLimitBytes(container.limitBytes());
        }
    }
}
