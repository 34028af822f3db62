package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The overload proof: the same open-loop load ({@link LoadPlan#standard()}) against each contender at each heap
 * size, every JVM exiting on OutOfMemoryError. Run by {@code scripts/overload.sh} (the {@code overload} Maven
 * profile), in the mode of system property {@code overload.mode}:
 * <ul>
 * <li>{@code full} (default): every contender of {@code overload.contenders} (default all five) at every heap of
 * {@code overload.heaps} (default 128,256,512); writes {@code target/overload/summary.json}, {@code summary.md},
 * {@code headline.md} and {@code overload.png}.</li>
 * <li>{@code short}: unguarded and memguard at {@code -Xmx256m} ({@code overload.short-heap}); fails unless memguard stays alive, and
 * keeps at least {@value #SHORT_RATIO} of the unguarded app's goodput where the unguarded app lived through the load
 * (the goodput of one that died depends on when it died, and is only printed).</li>
 * <li>{@code sweep}: the static contenders' candidate settings at {@code -Xmx256m}; writes {@code sweep.md} and
 * {@code sweep.json}, and names the best goodput without OutOfMemoryError of each.</li>
 * </ul>
 */
class OverloadMatrixIT {

    /** memguard's goodput may fall this far below the unguarded app's in the short run, no further. */
    static final double SHORT_RATIO = 0.9;

    private static final Path OUT = Path.of("target", "overload");

    private static final int SWEEP_HEAP_MIB = 256;

    /** The sweep's candidates, per static contender: Spring arguments over the profile's own values. */
    private static final Map<String, List<List<String>>> SWEEP = new LinkedHashMap<>();

    static {
        List<List<String>> tomcat = new ArrayList<>();
        for (int threads : new int[] { 2, 4, 8 }) {
            for (int acceptCount : new int[] { 10, 100 }) {
                tomcat.add(List.of("--server.tomcat.threads.max=" + threads,
                        "--server.tomcat.threads.min-spare=" + threads, "--server.tomcat.accept-count=" + acceptCount));
            }
        }
        SWEEP.put("tomcat-threads", tomcat);
        SWEEP.put("concurrency-limit", Arrays.stream(new int[] { 1, 2, 4 })
            .mapToObj(limit -> List.of("--sample.ingest.concurrency-limit=" + limit)).toList());
        SWEEP.put("gradient", List.of(gradient(2, 8), gradient(4, 16), gradient(20, 200)));
    }

    private static List<String> gradient(int initial, int max) {
        return List.of("--sample.gradient.initial-limit=" + initial, "--sample.gradient.max-concurrency=" + max);
    }

    @Test
    void overload() throws Exception {
        String mode = System.getProperty("overload.mode", "full");
        LoadPlan plan = LoadPlan.standard();
        OverloadRun runner = new OverloadRun(SampleAppProcess.sampleJar(), plan, OUT);
        switch (mode) {
            case "full" -> full(runner, plan);
            case "short" -> shortRun(runner, plan);
            case "sweep" -> sweep(runner, plan);
            default -> throw new IllegalArgumentException("overload.mode '" + mode + "': use full, short or sweep");
        }
    }

    private static void full(OverloadRun runner, LoadPlan plan) throws Exception {
        List<Integer> heaps = Arrays.stream(System.getProperty("overload.heaps", "128,256,512").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
        List<Contender> contenders = Arrays
            .stream(System.getProperty("overload.contenders", "unguarded,tomcat-threads,concurrency-limit,gradient,memguard")
                .split(","))
            .map(String::trim).map(Contender::named).toList();
        List<MatrixRun> runs = new ArrayList<>();
        for (int heap : heaps) {
            for (Contender contender : contenders) {
                runs.add(report(runner.run(contender, heap, contender.name() + "-" + heap)));
                write(runs, plan, heaps.contains(256) ? 256 : heaps.get(0));
            }
        }
    }

    private static void shortRun(OverloadRun runner, LoadPlan plan) throws Exception {
        int heap = Integer.getInteger("overload.short-heap", 256);
        MatrixRun unguarded = report(runner.run(Contender.UNGUARDED, heap, "unguarded-" + heap));
        MatrixRun memguard = report(runner.run(Contender.MEMGUARD, heap, "memguard-" + heap));
        write(List.of(unguarded, memguard), plan, heap);

        assertThat(memguard.oom()).as("memguard died of OutOfMemoryError").isFalse();
        // The ratio is judged against an unguarded app that lived through the load. One that died is no reference:
        // its goodput depends on when it died (6.5/s and 35.4/s in two CI runs at 256 MiB), and is printed only.
        if (!unguarded.oom()) {
            assertThat(memguard.goodputPerSecond()).as("memguard's goodput against %s x the unguarded app's %.1f/s",
                    SHORT_RATIO, unguarded.goodputPerSecond())
                .isGreaterThanOrEqualTo(SHORT_RATIO * unguarded.goodputPerSecond());
        }
        System.out.printf(Locale.ROOT, "overload short: memguard %.1f/s against unguarded %.1f/s (%s), ratio %.2f%n",
                memguard.goodputPerSecond(), unguarded.goodputPerSecond(),
                unguarded.oom() ? "died of OutOfMemoryError: not asserted" : "lived: asserted at least " + SHORT_RATIO,
                memguard.goodputPerSecond() / Math.max(unguarded.goodputPerSecond(), 1e-9));
    }

    private static void sweep(OverloadRun runner, LoadPlan plan) throws Exception {
        List<MatrixRun> runs = new ArrayList<>();
        StringBuilder chosen = new StringBuilder();
        for (Map.Entry<String, List<List<String>>> candidates : SWEEP.entrySet()) {
            List<MatrixRun> own = new ArrayList<>();
            int i = 0;
            for (List<String> overrides : candidates.getValue()) {
                Contender contender = Contender.named(candidates.getKey()).with(overrides);
                own.add(report(runner.run(contender, SWEEP_HEAP_MIB, "sweep-" + candidates.getKey() + "-" + i++)));
            }
            runs.addAll(own);
            own.stream().filter(run -> !run.oom()).max(Comparator.comparingDouble(MatrixRun::goodputPerSecond))
                .ifPresentOrElse(best -> chosen.append("- ").append(best.contender()).append(": ")
                    .append(String.join(" ", best.arguments().subList(1, best.arguments().size())))
                    .append(String.format(Locale.ROOT, " (goodput %.1f/s)%n", best.goodputPerSecond())),
                        () -> chosen.append("- ").append(candidates.getKey()).append(": every candidate died\n"));
        }
        Files.createDirectories(OUT);
        OverloadReport.writeSummary(runs, plan, OUT.resolve("sweep.json"));
        Files.writeString(OUT.resolve("sweep.md"), sweepTable(runs) + "\nBest goodput without OutOfMemoryError:\n\n"
                + chosen);
        System.out.println(Files.readString(OUT.resolve("sweep.md")));
    }

    private static String sweepTable(List<MatrixRun> runs) {
        StringBuilder md = new StringBuilder("| contender | settings | died of OOM | goodput (req/s) | ingested (MiB/s) "
                + "| refused | failed | p99 (ms) | load avg |\n|---|---|---|---|---|---|---|---|---|\n");
        for (MatrixRun run : runs) {
            md.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %.1f | %.2f | %d | %d | %.0f | %.1f |%n",
                    run.contender(), String.join(" ", run.arguments().subList(1, run.arguments().size())),
                    run.oom() ? "**yes**" : "no", run.goodputPerSecond(), run.ingestedMiBPerSecond(), run.refused(),
                    run.failed(), run.p99Millis(), run.loadAverage()));
        }
        return md.toString();
    }

    private static void write(List<MatrixRun> runs, LoadPlan plan, int traceHeap) throws IOException {
        OverloadReport.writeSummary(runs, plan, OUT.resolve("summary.json"));
        Files.writeString(OUT.resolve("summary.md"), OverloadReport.table(runs));
        Files.writeString(OUT.resolve("headline.md"), OverloadReport.headline(runs));
        OverloadChart.write(runs, plan, traceHeap, OUT.resolve("overload.png"));
    }

    private static MatrixRun report(MatrixRun run) {
        System.out.printf("overload: %s -Xmx%dm oom=%s goodput=%.1f/s ingested=%.2f MiB/s refused=%d failed=%d "
                + "(dropped %d) p99=%.0f ms recovery=%.1f s cv=%.2f load=%.1f%n", run.contender(), run.heapMiB(),
                run.oom(), run.goodputPerSecond(), run.ingestedMiBPerSecond(), run.refused(), run.failed(),
                run.dropped(), run.p99Millis(), run.recoverySeconds(), run.admittedRateCv(), run.loadAverage());
        return run;
    }
}
