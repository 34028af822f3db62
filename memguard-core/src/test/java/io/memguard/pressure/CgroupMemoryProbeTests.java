package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;

class CgroupMemoryProbeTests {

    private static final long MIB = 1024 * 1024;

    @Test
    void cgroupV1WorkingSetIsUsageMinusInactiveFileCache() {
        ContainerMemory container = read("v1-docker").orElseThrow();
        assertThat(container.cgroupVersion()).isEqualTo(1);
        assertThat(container.cgroupPath()).isEqualTo("/docker/3f2a9c");
        assertThat(container.directory()).isEqualTo("/sys/fs/cgroup/memory");
        assertThat(container.usageBytes()).isEqualTo(300 * MIB);
        assertThat(container.inactiveFileBytes()).isEqualTo(50 * MIB);
        assertThat(container.workingSetBytes()).isEqualTo(250 * MIB);
        assertThat(container.limitBytes()).isEqualTo(512 * MIB);
        assertThat(container.highBytes()).isEqualTo(-1);
        assertThat(container.effectiveLimitBytes()).isEqualTo(512 * MIB);
        assertThat(container.highEvents()).as("v1 has no memory.events").isEqualTo(-1);
        assertThat(container.maxEvents()).isEqualTo(-1);
    }

    @Test
    void cgroupV1TakesThePodLimitFromTheHierarchyAndTotalInactiveFile() {
        ContainerMemory container = read("v1-kubepods").orElseThrow();
        assertThat(container.directory()).isEqualTo("/sys/fs/cgroup/memory/kubepods/burstable/pod6a1b/c0ffee");
        assertThat(container.limitBytes()).isEqualTo(256 * MIB);
        assertThat(container.inactiveFileBytes()).isEqualTo(40 * MIB);
        assertThat(container.workingSetBytes()).isEqualTo(160 * MIB);
    }

    @Test
    void kernelReclaimIsAnIncreaseOfTheHighOrMaxEventCounter() {
        ContainerMemory before = new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, 100, 80, 3, 1);
        assertThat(before.kernelReclaimedSince(null)).isFalse();
        assertThat(before.kernelReclaimedSince(before)).isFalse();
        assertThat(new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, 100, 80, 4, 1)
                .kernelReclaimedSince(before)).isTrue();
        assertThat(new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, 100, 80, 3, 2)
                .kernelReclaimedSince(before)).isTrue();
        assertThat(new ContainerMemory(2, "/", "/sys/fs/cgroup/other", 10, 0, 10, 100, 80, 9, 9)
                .kernelReclaimedSince(before)).as("another cgroup's counters are not comparable").isFalse();
        assertThat(new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, 100, 80)
                .kernelReclaimedSince(before)).as("counters unknown now").isFalse();
        assertThat(before.kernelReclaimedSince(new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, 100, 80)))
                .as("counters unknown before").isFalse();
    }

    @Test
    void cgroupV1WithoutLimitIsNoContainer() {
        assertThat(read("v1-unlimited")).isEmpty();
    }

    @Test
    void cgroupV2WithMemoryHigh() {
        ContainerMemory container = read("v2-high").orElseThrow();
        assertThat(container.cgroupVersion()).isEqualTo(2);
        assertThat(container.cgroupPath()).isEqualTo("/");
        assertThat(container.directory()).isEqualTo("/sys/fs/cgroup");
        assertThat(container.usageBytes()).isEqualTo(650 * MIB);
        assertThat(container.inactiveFileBytes()).isEqualTo(100 * MIB);
        assertThat(container.workingSetBytes()).isEqualTo(550 * MIB);
        assertThat(container.limitBytes()).isEqualTo(1024 * MIB);
        assertThat(container.highBytes()).isEqualTo(768 * MIB);
        assertThat(container.effectiveLimitBytes()).isEqualTo(768 * MIB);
        assertThat(container.highEvents()).isEqualTo(12);
        assertThat(container.maxEvents()).isZero();
    }

    @Test
    void cgroupV2WithoutMemoryHighTakesTheLowestMaxOfItsAncestors() {
        ContainerMemory container = read("v2-kubepods").orElseThrow();
        assertThat(container.cgroupPath()).endsWith("/cri-containerd-abcd.scope");
        assertThat(container.workingSetBytes()).isEqualTo(350 * MIB);
        assertThat(container.limitBytes()).isEqualTo(512 * MIB);
        assertThat(container.highBytes()).isEqualTo(-1);
        assertThat(container.effectiveLimitBytes()).isEqualTo(512 * MIB);
    }

    @Test
    void cgroupV2WithoutLimitIsNoContainer() {
        assertThat(read("v2-unlimited")).isEmpty();
    }

    @Test
    void noCgroupIsNoContainer() {
        assertThat(read("none")).isEmpty();
    }

    @Test
    void effectiveLimitIsMemoryHighWhenMaxIsUnlimited() {
        ContainerMemory highOnly = new ContainerMemory(2, "/", "/sys/fs/cgroup", 10, 0, 10, -1, 100);
        assertThat(highOnly.effectiveLimitBytes()).isEqualTo(100);
    }

    private static Optional<ContainerMemory> read(String fixture) {
        return new CgroupMemoryProbe(new CgroupLocator(Fixtures.root(fixture))).read();
    }
}
