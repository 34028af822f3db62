package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.sun.management.HotSpotDiagnosticMXBean;

class JvmMemoryObservationsTests {

    private MemoryObservations observe() {
        JvmMemoryObservations jvm = new JvmMemoryObservations(ManagementFactory.getMemoryMXBean(),
                ManagementFactory.getMemoryPoolMXBeans(), ManagementFactory.getGarbageCollectorMXBeans(),
                ManagementFactory.getRuntimeMXBean(),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        MemoryObservations.Builder observations = MemoryObservations.builder();
        jvm.contribute(observations);
        return observations.build();
    }

    @Test
    void reportsTheHeapAndTheCollectorOfThisJvm() {
        MemoryObservations observations = observe();

        assertThat(observations.maxHeapBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(observations.availableMemoryBytes()).isBetween(0L, observations.maxHeapBytes());
        assertThat(observations.gcOverhead()).isBetween(0.0, 1.0);
        assertThat(observations.explicitGcDisabled()).as("the test JVM runs without -XX:+DisableExplicitGC")
                .isFalse();
    }

    @Test
    void leavesTheContainerLimitToThePressureMonitor() {
        assertThat(observe().containerLimitBytes()).isEqualTo(-1);
    }
}
