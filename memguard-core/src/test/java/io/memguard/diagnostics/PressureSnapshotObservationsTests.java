package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;

class PressureSnapshotObservationsTests {

    private static final long GIB = 1L << 30;

    private static MemoryObservations observe(MemorySnapshot snapshot) {
        MemoryObservations.Builder observations = MemoryObservations.builder();
        new PressureSnapshotObservations(monitorAt(snapshot)).contribute(observations);
        return observations.build();
    }

    private static MemorySnapshot withContainer(ContainerMemory container) {
        return new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.NONE, null, Map.of(), null, null, GcActivity.NONE,
                container, null, null);
    }

    private static ContainerMemory container(long limitBytes, long highBytes) {
        return new ContainerMemory(2, "/app", "/sys/fs/cgroup/app", GIB / 2, 0, GIB / 2, limitBytes, highBytes);
    }

    @Test
    void reportsTheContainerLimitTheMonitorSaw() {
        assertThat(observe(withContainer(container(2 * GIB, GIB))).containerLimitBytes())
                .as("memory.max, the limit the kernel kills at").isEqualTo(2 * GIB);
    }

    @Test
    void reportsNoLimitWhereTheCgroupIsUnlimited() {
        assertThat(observe(withContainer(container(-1, GIB))).containerLimitBytes()).isEqualTo(-1);
    }

    @Test
    void reportsNoLimitOutsideAContainerOrBeforeTheFirstSnapshot() {
        assertThat(observe(withContainer(null)).containerLimitBytes()).isEqualTo(-1);
        assertThat(observe(MemorySnapshot.ofLevel(MemoryPressureLevel.HIGH, Instant.EPOCH)).containerLimitBytes())
                .isEqualTo(-1);
        assertThat(observe(null).containerLimitBytes()).isEqualTo(-1);
    }

    @Test
    void rejectsAMissingMonitor() {
        assertThatNullPointerException().isThrownBy(() -> new PressureSnapshotObservations(null))
                .withMessage("monitor");
    }

    private static MemoryPressureMonitor monitorAt(MemorySnapshot snapshot) {
        return new MemoryPressureMonitor() {

            @Override
            public MemoryPressureLevel level() {
                return (snapshot != null) ? snapshot.level() : MemoryPressureLevel.NONE;
            }

            @Override
            public MemorySnapshot snapshot() {
                return snapshot;
            }

            @Override
            public void addListener(Consumer<MemoryPressureChange> listener) {
            }

            @Override
            public void removeListener(Consumer<MemoryPressureChange> listener) {
            }
        };
    }
}
