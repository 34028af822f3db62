package io.memguard.sample.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what the matrix measured: {@code summary.json} (the runs, in the shape the issue asks for, plus the trace
 * and the load), {@code summary.md} (the full table) and {@code headline.md} (goodput per contender and heap, for
 * the README). Nothing of it is typed by hand.
 */
final class OverloadReport {

    private OverloadReport() {
    }

    static void writeSummary(List<MatrixRun> runs, LoadPlan plan, Path json) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("load", plan);
        summary.put("runs", runs);
        Files.createDirectories(json.getParent());
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), summary);
    }

    /** Every figure of every run, one row per run, heap by heap. */
    static String table(List<MatrixRun> runs) {
        StringBuilder md = new StringBuilder();
        md.append("| heap | contender | died of OOM | goodput (req/s) | ingested (MiB/s) | refused (503) | failed "
                + "| p99 of successes (ms) | recovery (s) | CV of admitted rate | load avg |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MatrixRun run : runs) {
            md.append(String.format(Locale.ROOT, "| %d MiB | %s | %s | %.1f | %.2f | %d | %d | %s | %s | %s | %.1f |%n",
                    run.heapMiB(), run.contender(), run.oom() ? "**yes**" : "no", run.goodputPerSecond(),
                    run.ingestedMiBPerSecond(), run.refused(), run.failed(), orDash(run.p99Millis(), "%.0f"),
                    orDash(run.recoverySeconds(), "%.1f"), orDash(run.admittedRateCv(), "%.2f"), run.loadAverage()));
        }
        return md.toString();
    }

    /** Goodput per contender (rows) and heap (columns), "OOM" where the JVM died. */
    static String headline(List<MatrixRun> runs) {
        List<Integer> heaps = runs.stream().map(MatrixRun::heapMiB).distinct().sorted().toList();
        List<String> contenders = runs.stream().map(MatrixRun::contender).distinct().toList();
        StringBuilder md = new StringBuilder("| goodput (req/s) |");
        heaps.forEach(heap -> md.append(" -Xmx").append(heap).append("m |"));
        md.append("\n|---|").append("---|".repeat(heaps.size())).append('\n');
        for (String contender : contenders) {
            md.append("| ").append(contender).append(" |");
            for (int heap : heaps) {
                md.append(runs.stream().filter(run -> run.contender().equals(contender) && run.heapMiB() == heap)
                    .findFirst()
                    .map(run -> String.format(Locale.ROOT, " %.1f%s |", run.goodputPerSecond(),
                            run.oom() ? " (died: OOM)" : ""))
                    .orElse(" - |"));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String orDash(double value, String format) {
        return value < 0 ? "-" : String.format(Locale.ROOT, format, value);
    }
}
