package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OverloadReportTests {

    private static final List<MatrixRun> RUNS = List.of(
            run("unguarded", 128, true, 3.25), run("memguard", 128, false, 20.0),
            run("unguarded", 256, false, 25.5), run("memguard", 256, false, 24.0));

    private static MatrixRun run(String contender, int heap, boolean oom, double goodput) {
        return new MatrixRun(contender, heap, oom, goodput, 1.5, 7, 3, 120, oom ? -1 : 2.5, 0.25, 100, 1,
                List.of("--x"), List.of(new double[] { 0.5, 40 }), 3.0);
    }

    @Test
    void theSummaryHasTheIssuesShape(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("overload/summary.json");
        OverloadReport.writeSummary(RUNS, LoadPlan.standard(), json);

        JsonNode first = JsonMapper.builder().build().readTree(Files.readString(json)).get("runs").get(0);
        assertThat(first.get("contender").asString()).isEqualTo("unguarded");
        assertThat(first.get("heapMiB").asInt()).isEqualTo(128);
        assertThat(first.get("oom").asBoolean()).isTrue();
        assertThat(first.get("goodputPerSecond").asDouble()).isEqualTo(3.25);
        for (String field : List.of("ingestedMiBPerSecond", "refused", "failed", "p99Millis", "recoverySeconds",
                "admittedRateCv", "heapAfterGc")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
    }

    @Test
    void theHeadlineHasOneRowPerContenderAndOneColumnPerHeap() {
        assertThat(OverloadReport.headline(RUNS)).isEqualTo("""
                | goodput (req/s) | -Xmx128m | -Xmx256m |
                |---|---|---|
                | unguarded | 3.3 (died: OOM) | 25.5 |
                | memguard | 20.0 | 24.0 |
                """);
    }

    @Test
    void theTableHasEveryRunAndADashForWhatWasNotMeasured() {
        String table = OverloadReport.table(RUNS);

        assertThat(table.lines()).hasSize(2 + RUNS.size());
        assertThat(table).contains("| 128 MiB | unguarded | **yes** | 3.3 | 1.50 | 7 | 3 | 120 | - | 0.25 | 3.0 |");
    }
}
