package io.memguard.sample.overload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one contender at one heap size: starts the jar on {@code -Xmx<heap>m -XX:+ExitOnOutOfMemoryError} with a GC
 * log, sends the plan's load, times the recovery, and reads what happened.
 */
final class OverloadRun {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

    private final Path jar;

    private final LoadPlan plan;

    private final Path out;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private final NdjsonBatches batches = new NdjsonBatches();

    OverloadRun(Path jar, LoadPlan plan, Path out) {
        this.jar = jar;
        this.plan = plan;
        this.out = out;
    }

    MatrixRun run(Contender contender, int heapMiB, String label) throws IOException, InterruptedException {
        Path gcLog = out.resolve(label + "-gc.log");
        Files.deleteIfExists(gcLog);
        double loadAverage = loadAverage();
        List<String> jvm = List.of("-Xmx" + heapMiB + "m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC",
                GcLog.option(gcLog));
        try (SampleAppProcess app = SampleAppProcess.start(jar, jvm, contender.arguments(), out.resolve(label + ".log"))) {
            OpenLoopLoad load = new OpenLoopLoad(http, batches);
            long loadStartUptimeMs = Duration.between(app.startInstant(), Instant.now()).toMillis();
            long loadEnd = System.nanoTime() + plan.loadDuration().toNanos(); // the last arrival, not the last answer
            LoadOutcome outcome = load.run(plan, app::uri, app::isAlive);
            double recovery = app.isAlive() ? recover(app, load, gcLog, loadStartUptimeMs, heapMiB, loadEnd) : -1;
            boolean oom = app.diedOfOutOfMemory();
            double seconds = plan.loadDuration().toNanos() / 1e9;
            double plateauStart = plan.ramp().toNanos() / 1e9;
            double cv = LoadOutcome.coefficientOfVariation(
                    outcome.successesPerSecond(plateauStart, plateauStart + plan.plateau().toNanos() / 1e9));
            List<double[]> trace = GcLog.read(gcLog, loadStartUptimeMs).stream()
                .map(gc -> new double[] { gc.seconds(), gc.afterMiB() }).toList();
            return new MatrixRun(contender.name(), heapMiB, oom, outcome.successes() / seconds,
                    outcome.ingestedBytes() / seconds / (1 << 20), outcome.refused(), outcome.failed(),
                    outcome.p99Millis(), recovery, cv, outcome.successes(), outcome.dropped(), contender.arguments(),
                    trace, loadAverage);
        }
    }

    /** The machine's 1-minute load average, or -1 where {@code /proc/loadavg} is absent. */
    static double loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Double.parseDouble(Files.readString(loadavg).split(" ")[0]) : -1;
    }

    /**
     * Seconds after the load until a light read and a 1 MiB ingestion succeed and the last collection left less
     * than half the heap in use; -1 if that does not happen within the plan's recovery limit. The probes' own
     * allocation is what makes an otherwise idle app collect.
     */
    private double recover(SampleAppProcess app, OpenLoopLoad load, Path gcLog, long loadStartUptimeMs, int heapMiB,
            long loadEnd) throws IOException {
        long deadline = loadEnd + plan.recoveryLimit().toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            boolean light = load.succeeds(OpenLoopLoad.get(app.uri("/api/ingest/stats"), Duration.ofSeconds(5)));
            boolean ingest = light && load.succeeds(OpenLoopLoad.post(app.uri("/api/ingest"),
                    batches.ofMiB(NdjsonBatches.SMALLEST_MIB), Duration.ofSeconds(5)));
            List<GcLog.HeapAfterGc> trace = GcLog.read(gcLog, loadStartUptimeMs);
            boolean heapDown = !trace.isEmpty() && trace.get(trace.size() - 1).afterMiB() * 2 < heapMiB;
            if (light && ingest && heapDown) {
                return (System.nanoTime() - loadEnd) / 1e9;
            }
            LockSupport.parkNanos(PROBE_INTERVAL.toNanos());
        }
        return -1;
    }
}
