package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same overload twice, on a 256 MiB heap that exits on OutOfMemoryError: first with memguard off, then
 * on. Without memguard the JVM dies; with it, it survives, loses no acknowledged chunk, and recovers on
 * its own within 30 seconds. Writes {@code target/overload/summary.json} and {@code overload.png}.
 *
 * <p>Run by {@code scripts/overload.sh} (the {@code overload} Maven profile); its load is set by system
 * properties {@code overload.clients}, {@code overload.streams}, {@code overload.chunk-kib} and
 * {@code overload.heap-multiple}.
 */
class OverloadIT {

    private static final Path OUT = Path.of("target", "overload");

    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseG1GC", "-Xlog:disable", "-Xlog:all=warning:stderr");

    @Test
    void memguardKeepsTheAppAliveUnderALoadThatKillsItWithout() throws Exception {
        int chunkBytes = Integer.getInteger("overload.chunk-kib", 64) * 1024;
        int heapMultiple = Integer.getInteger("overload.heap-multiple", 4);
        int chunks = (int) ((256L << 20) * heapMultiple / chunkBytes);
        OverloadScenario.Load load = new OverloadScenario.Load(Integer.getInteger("overload.clients", 16),
                Integer.getInteger("overload.streams", 100), chunkBytes, chunks, Duration.ofMinutes(5));
        OverloadScenario scenario = new OverloadScenario(sampleJar(), JVM_ARGS, load, OUT);

        OverloadResult unguarded = scenario.run("unguarded", List.of("--memguard.enabled=false"));
        OverloadResult guarded = scenario.run("guarded", List.of("--memguard.enabled=true"));

        writeSummary(load, unguarded, guarded);
        OverloadChart.write(unguarded, guarded, OUT.resolve("overload.png"));

        assertThat(unguarded.oom()).as("without memguard the load must kill the JVM (raise the load if it does not)")
            .isTrue();
        assertThat(guarded.oom()).as("with memguard the JVM survives").isFalse();
        assertThat(guarded.lost()).as("acknowledged chunks neither readable nor reported evicted").isZero();
        assertThat(guarded.recoverySeconds()).as("seconds until NONE or LOW after the load").isBetween(0.0, 30.0);
        assertThat(guarded.servesAfterLoad()).as("an ordinary request succeeds after the load").isTrue();
    }

    private static void writeSummary(OverloadScenario.Load load, OverloadResult unguarded, OverloadResult guarded)
            throws IOException {
        Files.createDirectories(OUT);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("load", Map.of("clients", load.clients(), "streams", load.streams(), "chunkBytes",
                load.chunkBytes(), "chunks", load.chunks(), "totalBytes", load.totalBytes(), "jvmArgs", JVM_ARGS));
        summary.put("unguarded", counts(unguarded));
        summary.put("guarded", counts(guarded));
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
            .writeValue(OUT.resolve("summary.json").toFile(), summary);
    }

    private static Map<String, Object> counts(OverloadResult result) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("oom", result.oom());
        counts.put("accepted", result.accepted());
        counts.put("shed", result.shed());
        counts.put("rejected", result.rejected());
        counts.put("failed", result.failed());
        counts.put("readable", result.readable());
        counts.put("evicted", result.evicted());
        counts.put("lost", result.lost());
        counts.put("recoverySeconds", result.recoverySeconds());
        counts.put("servesAfterLoad", result.servesAfterLoad());
        return counts;
    }

    static Path sampleJar() throws IOException {
        String explicit = System.getProperty("sample.jar");
        if (explicit != null) {
            return Path.of(explicit);
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("memguard-sample-app-.*\\.jar"))
                .filter(file -> !file.getFileName().toString().endsWith("-plain.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No sample app jar in target/: package it first"));
        }
    }
}
