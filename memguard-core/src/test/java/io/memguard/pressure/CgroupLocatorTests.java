package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.memguard.pressure.CgroupLocator.Cgroup;

class CgroupLocatorTests {

    @Test
    void cgroupV1WhoseMountRootIsTheContainer() {
        Path root = Fixtures.root("v1-docker");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.version()).isEqualTo(1);
        assertThat(cgroup.path()).isEqualTo("/docker/3f2a9c");
        assertThat(cgroup.directory()).isEqualTo(root.resolve("sys/fs/cgroup/memory"));
    }

    @Test
    void cgroupV1WithoutNamespaceUsesThePathBelowTheMountedHierarchy() {
        Path root = Fixtures.root("v1-kubepods");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.version()).isEqualTo(1);
        assertThat(cgroup.path()).isEqualTo("/kubepods/burstable/pod6a1b/c0ffee");
        assertThat(cgroup.directory())
                .isEqualTo(root.resolve("sys/fs/cgroup/memory/kubepods/burstable/pod6a1b/c0ffee"));
        assertThat(cgroup.mountPoint()).isEqualTo(root.resolve("sys/fs/cgroup/memory"));
    }

    @Test
    void cgroupV1MemoryControllerWinsOnAHybridHost() {
        Path root = Fixtures.root("v1-unlimited");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.version()).isEqualTo(1);
        assertThat(cgroup.directory()).isEqualTo(root.resolve("sys/fs/cgroup/memory/user.slice"));
    }

    @Test
    void cgroupV2InsideANamespace() {
        Path root = Fixtures.root("v2-high");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.version()).isEqualTo(2);
        assertThat(cgroup.path()).isEqualTo("/");
        assertThat(cgroup.directory()).isEqualTo(root.resolve("sys/fs/cgroup"));
    }

    @Test
    void cgroupV2WithoutNamespace() {
        Path root = Fixtures.root("v2-kubepods");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.version()).isEqualTo(2);
        assertThat(new CgroupLocator(root).display(cgroup.directory())).isEqualTo("/sys/fs/cgroup/kubepods.slice/"
                + "kubepods-burstable.slice/kubepods-burstable-pod1234.slice/cri-containerd-abcd.scope");
    }

    @Test
    void noCgroupFileSystem() {
        assertThat(new CgroupLocator(Fixtures.root("none")).locate()).isEmpty();
    }

    @Test
    void cgroupOutsideTheMountedPartMeansTheMountPointIsTheProcessCgroup(@TempDir Path root) throws IOException {
        write(root, "proc/self/cgroup", "0::/../../system.slice/other\n");
        write(root, "proc/self/mountinfo",
                "29 25 0:26 /kubepods/pod1/c1 /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.directory()).isEqualTo(root.resolve("sys/fs/cgroup"));
    }

    @Test
    void mountPointsWithEscapedSpaces(@TempDir Path root) throws IOException {
        write(root, "proc/self/cgroup", "7:memory:/app\n");
        write(root, "proc/self/mountinfo",
                "35 25 0:32 / /sys/fs/my\\040cgroups ro,nosuid shared:16 master:3 - cgroup cgroup rw,memory\n");
        Cgroup cgroup = new CgroupLocator(root).locate().orElseThrow();
        assertThat(cgroup.directory()).isEqualTo(root.resolve("sys/fs/my cgroups/app"));
    }

    @Test
    void memoryControllerWithoutAMountIsNotFound(@TempDir Path root) throws IOException {
        write(root, "proc/self/cgroup", "7:memory:/app\n");
        write(root, "proc/self/mountinfo", "35 25 0:32 / /sys/fs/cgroup/cpu ro - cgroup cgroup rw,cpu\n");
        assertThat(new CgroupLocator(root).locate()).isEmpty();
    }

    private static void write(Path root, String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
