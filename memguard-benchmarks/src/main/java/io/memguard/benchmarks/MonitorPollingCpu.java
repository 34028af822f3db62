package io.memguard.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.memguard.pressure.DefaultMemoryPressureMonitor;

/**
 * The CPU time the monitor's polling thread ({@code memguard-pressure}) spends per second of wall time, calm (1 s
 * polls) or at MODERATE (100 ms polls of container and PSI), with the default settings. The container and PSI are
 * read from a temporary cgroup v2 tree (working set 20% or 78% of {@code memory.high}); heap, direct and GC are this
 * JVM's own. Not a JMH benchmark: the figure is a thread's CPU over a fixed window, read with {@link ThreadMXBean}.
 *
 * <pre>
 * java -cp memguard-benchmarks/target/benchmarks.jar io.memguard.benchmarks.MonitorPollingCpu calm 20
 * java -cp memguard-benchmarks/target/benchmarks.jar io.memguard.benchmarks.MonitorPollingCpu moderate 20
 * </pre>
 */
public final class MonitorPollingCpu {

    private MonitorPollingCpu() {
    }

    public static void main(String[] args) throws Exception {
        boolean moderate = args.length > 0 && args[0].equals("moderate");
        long windowSeconds = (args.length > 1) ? Long.parseLong(args[1]) : 20;
        Path root = cgroupTree(moderate);
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder().fileSystemRoot(root)
                .build().start()) {
            // Let the JIT compile the refresh path before measuring.
            Thread.sleep(3000);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long id = Thread.getAllStackTraces().keySet().stream()
                    .filter((thread) -> thread.getName().equals("memguard-pressure")).findFirst().orElseThrow()
                    .getId();
            long cpuBefore = threads.getThreadCpuTime(id);
            long wallBefore = System.nanoTime();
            Thread.sleep(windowSeconds * 1000);
            long cpu = threads.getThreadCpuTime(id) - cpuBefore;
            double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
            System.out.printf(Locale.ROOT,
                    "level=%s nextPollDelay=%s window=%.1fs threadCpu=%.1fms cpuPerSecond=%.2fms%n",
                    monitor.level(), monitor.nextPollDelay(), wallSeconds, cpu / 1e6, cpu / 1e6 / wallSeconds);
        }
    }

    private static Path cgroupTree(boolean moderate) throws IOException {
        Path root = Files.createTempDirectory("memguard-cpu");
        root.toFile().deleteOnExit();
        write(root, "proc/self/cgroup", "0::/\n");
        write(root, "proc/self/mountinfo", "29 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 "
                + "- cgroup2 cgroup2 rw\n");
        write(root, "proc/meminfo", Files.readString(Path.of("/proc/meminfo")));
        // 768 MiB memory.high: 0.20 is calm, 0.78 is MODERATE (thresholds 0.60, 0.75, 0.85, 0.95).
        write(root, "sys/fs/cgroup/memory.current", moderate ? "628172800\n" : "161061273\n");
        write(root, "sys/fs/cgroup/memory.max", "1073741824\n");
        write(root, "sys/fs/cgroup/memory.high", "805306368\n");
        write(root, "sys/fs/cgroup/memory.stat", "anon 524288000\nfile 157286400\ninactive_file 0\n");
        write(root, "sys/fs/cgroup/memory.events", "low 0\nhigh 12\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
        write(root, "sys/fs/cgroup/memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=1\n");
        return root;
    }

    private static void write(Path root, String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
