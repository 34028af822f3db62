package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.management.HotSpotDiagnosticMXBean;

class JvmMemoryObservationsTests {

    @TempDir
    Path cgroup;

    private MemoryObservations observe() {
        JvmMemoryObservations jvm = new JvmMemoryObservations(cgroup, ManagementFactory.getMemoryMXBean(),
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
    void readsACgroupV2Limit() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "536870912\n");

        assertThat(observe().containerLimitBytes()).isEqualTo(536870912L);
    }

    @Test
    void reportsNoLimitForAnUnlimitedCgroupV2() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "max\n");

        assertThat(observe().containerLimitBytes()).isEqualTo(-1);
    }

    @Test
    void readsACgroupV1Limit() throws IOException {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "1073741824\n");

        assertThat(observe().containerLimitBytes()).isEqualTo(1073741824L);
    }

    @Test
    void reportsNoLimitForAnUnlimitedCgroupV1() throws IOException {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");

        assertThat(observe().containerLimitBytes()).isEqualTo(-1);
    }

    @Test
    void reportsNoLimitOutsideAContainer() {
        assertThat(observe().containerLimitBytes()).isEqualTo(-1);
    }

    @Test
    void reportsNoLimitForAnUnreadableValue() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "garbage\n");

        assertThat(observe().containerLimitBytes()).isEqualTo(-1);
    }
}
