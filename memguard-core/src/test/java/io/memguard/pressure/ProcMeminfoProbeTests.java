package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.memguard.pressure.MemorySnapshot.SystemMemory;

class ProcMeminfoProbeTests {

    @Test
    void readsHostMemoryAndSwapInBytes() {
        assertThat(new ProcMeminfoProbe(Fixtures.root("meminfo-swap")).read())
                .hasValue(new SystemMemory(8039540L * 1024, 2764100L * 1024, (2097148L - 1572860L) * 1024,
                        2097148L * 1024));
    }

    @Test
    void isEmptyWithoutMemAvailable() {
        assertThat(new ProcMeminfoProbe(Fixtures.root("meminfo-old-kernel")).read()).isEmpty();
    }

    @Test
    void isEmptyAndUnavailableWithoutTheFile() {
        Path root = Fixtures.root("v2-high");
        assertThat(Files.exists(root.resolve("proc/meminfo"))).isFalse();
        assertThat(ProcMeminfoProbe.isAvailable(root)).isFalse();
        assertThat(new ProcMeminfoProbe(root).read()).isEmpty();
        assertThat(ProcMeminfoProbe.isAvailable(Fixtures.root("meminfo-swap"))).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisLinuxHost() {
        SystemMemory system = new ProcMeminfoProbe(Path.of("/")).read().orElseThrow();
        assertThat(system.totalBytes()).isGreaterThan(Runtime.getRuntime().totalMemory());
        assertThat(system.availableBytes()).isPositive().isLessThanOrEqualTo(system.totalBytes());
        assertThat(system.swapUsedBytes()).isNotNegative().isLessThanOrEqualTo(system.swapTotalBytes());
    }

    @Test
    void theMonitorReadsHostMemoryFromProcMeminfoWhereThereIsOne() {
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
                .fileSystemRoot(Fixtures.root("meminfo-swap")).build()) {
            monitor.refresh();
            assertThat(monitor.snapshot().system()).isEqualTo(new SystemMemory(8039540L * 1024, 2764100L * 1024,
                    (2097148L - 1572860L) * 1024, 2097148L * 1024));
        }
    }
}
