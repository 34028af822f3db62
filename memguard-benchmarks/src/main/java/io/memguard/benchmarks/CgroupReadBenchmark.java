package io.memguard.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.SystemMemory;
import io.memguard.pressure.PressureSettings;

/**
 * What one reading of the container signal costs, the price of each fast poll: {@code readContainer} refreshes a
 * monitor whose only file-backed probe is the cgroup v2 probe, reading {@code memory.current}, {@code memory.stat},
 * {@code memory.max} and {@code memory.high} up to the mount point, and {@code memory.events}, from a temporary
 * directory holding the content of the core's {@code v2-high} test fixture. {@code baselineWithoutFiles} refreshes
 * the same monitor with a container probe that returns a constant, so the difference is the file reads and parses.
 *
 * <p>A temporary directory sits on an ordinary file system (often tmpfs), not on cgroupfs, where the kernel formats
 * each file on read: the figure is a lower bound of a real reading, and the order of magnitude to compare with the
 * fast interval.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CgroupReadBenchmark {

    private static final long MIB = 1024 * 1024;

    private Path root;

    private DefaultMemoryPressureMonitor readingFiles;

    private DefaultMemoryPressureMonitor baseline;

    @Setup
    public void setUp() throws IOException {
        root = Files.createTempDirectory("memguard-cgroup");
        write("proc/self/cgroup", "0::/\n");
        write("proc/self/mountinfo", "25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
                + "29 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
                + "rw,nsdelegate,memory_recursiveprot\n");
        write("sys/fs/cgroup/memory.current", "681574400\n");
        write("sys/fs/cgroup/memory.max", "1073741824\n");
        write("sys/fs/cgroup/memory.high", "805306368\n");
        write("sys/fs/cgroup/memory.stat", "anon 524288000\nfile 157286400\nkernel_stack 1048576\n"
                + "active_anon 524288000\ninactive_anon 0\nactive_file 52428800\ninactive_file 104857600\n");
        write("sys/fs/cgroup/memory.events", "low 0\nhigh 12\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
        readingFiles = monitor().build();
        ContainerMemory constant = new ContainerMemory(2, "/", "/sys/fs/cgroup", 650 * MIB, 100 * MIB, 550 * MIB,
                1024 * MIB, 768 * MIB, 12, 0);
        baseline = monitor().containerProbe(() -> Optional.of(constant)).build();
        if (readingFiles.refresh().container() == null) {
            throw new IllegalStateException("The cgroup fixture under " + root + " gave no container reading");
        }
    }

    private DefaultMemoryPressureMonitor.Builder monitor() {
        HeapMemory heap = new HeapMemory(100 * MIB, 512 * MIB, 1024 * MIB, 80 * MIB, 1024 * MIB);
        DirectMemory direct = new DirectMemory(0, 0, 1024 * MIB);
        GcTotals gc = new GcTotals(0, Duration.ZERO, null, -1);
        SystemMemory system = new SystemMemory(8192 * MIB, 4096 * MIB, 0, 0);
        return DefaultMemoryPressureMonitor.builder().fileSystemRoot(root)
                .settings(PressureSettings.builder().signalEnabled(MemorySignal.PSI, false).build())
                .heapProbe(() -> Optional.of(heap)).directProbe(() -> Optional.of(direct))
                .gcProbe(() -> Optional.of(gc)).systemProbe(() -> Optional.of(system));
    }

    private void write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @TearDown
    public void tearDown() throws IOException {
        readingFiles.close();
        baseline.close();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public MemorySnapshot readContainer() {
        return readingFiles.refresh();
    }

    @Benchmark
    public MemorySnapshot baselineWithoutFiles() {
        return baseline.refresh();
    }
}
