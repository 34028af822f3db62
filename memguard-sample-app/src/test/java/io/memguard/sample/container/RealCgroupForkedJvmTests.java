package io.memguard.sample.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.memguard.sample.demo.ForkedSampleApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample app as a user runs it in a container: a JVM with {@code -Xmx512m} on the host inside a real cgroup
 * created for the test, with a memory limit of 320 MiB (swap included), memguard at its defaults. Memory grows through
 * an ordinary API endpoint ({@code POST /api/drafts}), not the demo ballast, which is exempt from shedding. memguard
 * must reach CRITICAL and shed before the kernel's OOM killer ends the JVM, and follow a limit changed in place.
 *
 * <p>Needs root and a cgroup file system; skipped, with the reason, elsewhere. With
 * {@code -Dmemguard.cgroup.runs=N} (and optionally {@code -Dmemguard.cgroup.rates=10,50,200} and
 * {@code -Dmemguard.cgroup.lead-time=0s}, {@code -Dmemguard.cgroup.arguments=--a=b,--c=d}, and diagnostic JVM options
 * separated by spaces, such as {@code -Dmemguard.cgroup.jvm-options=-Xlog:gc*:file=/tmp/gc-%p.log}) {@link #repeatedRuns}
 * records N runs per rate in
 * {@code target/cgroup-runs.txt}.
 */
class RealCgroupForkedJvmTests {

    private static final long MIB = 1024 * 1024;

    private static final long LIMIT_MIB = 320;

    private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1");

    @Test
    void reachesCriticalAndShedsBeforeTheKernelKillsAndFollowsANewLimitWithinOnePoll(@TempDir Path temp)
            throws Exception {
        try (TestCgroup cgroup = TestCgroup.create()) {
            cgroup.limit(LIMIT_MIB);
            try (ForkedSampleApp app = ForkedSampleApp.startAsIs(cgroup.wrapper(), temp.resolve("app.log"),
                    JVM_OPTIONS, List.of())) {
                DocumentContext container = container(app);
                assertThat(container.read("$.cgroupVersion", Integer.class)).isEqualTo(cgroup.version());
                assertThat(container.read("$.directory", String.class)).as("memguard found the cgroup it runs in")
                        .isEqualTo(cgroup.directory().toString());
                assertThat(container.read("$.limitBytes", Long.class)).isEqualTo(LIMIT_MIB * MIB);

                GrowthRun.Result result = GrowthRun.drive(app, cgroup, 50, LIMIT_MIB * MIB, 0.95,
                        Duration.ofSeconds(5), Duration.ofSeconds(45));
                System.out.println("cgroup run: " + result.summary());

                assertThat(result.firstCritical()).as("CRITICAL published: %s", result.summary()).isNotNull();
                assertThat(result.shed()).as("requests shed with 503: %s", result.summary()).isPositive();
                assertThat(app.isAlive()).as("the JVM alive: %s", result.summary()).isTrue();
                assertThat(cgroup.oomKills()).as("the cgroup's OOM kills: %s", result.summary())
                        .isEqualTo(result.oomKillsBefore());

                long raised = LIMIT_MIB + 128;
                cgroup.limit(raised);
                Instant written = Instant.now();
                // One poll: 100 ms at MODERATE and above, 1 s when calm; the rest is slack for a loaded machine.
                await("the raised limit in /actuator/memory").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> assertThat(container(app).read("$.limitBytes", Long.class))
                                .isEqualTo(raised * MIB));
                Duration seen = Duration.between(written, Instant.now());
                DocumentContext changed = container(app);
                Instant changedAt = Instant.parse(changed.read("$.limitChange.changedAt", String.class));
                System.out.println("raised limit seen after " + seen.toMillis() + " ms; read by memguard "
                        + Duration.between(written, changedAt).toMillis() + " ms after the write");
                assertThat(changed.read("$.limitChange.previousLimitBytes", Long.class)).isEqualTo(LIMIT_MIB * MIB);
                assertThat(Duration.between(written, changedAt)).as("read by the next poll, within its 1 s interval")
                        .isLessThanOrEqualTo(Duration.ofMillis(1500));
            }
        }
    }

    /** Records runs for the figures of docs/container.md; off unless asked for. */
    @Test
    void repeatedRuns(@TempDir Path temp) throws Exception {
        String runs = System.getProperty("memguard.cgroup.runs");
        Assumptions.assumeTrue(runs != null, "set -Dmemguard.cgroup.runs=N to record N runs per rate");
        List<Integer> rates = Arrays.stream(System.getProperty("memguard.cgroup.rates", "50").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        List<String> arguments = new ArrayList<>();
        String leadTime = System.getProperty("memguard.cgroup.lead-time");
        if (leadTime != null) {
            arguments.add("--memguard.pressure.lead-time=" + leadTime);
        }
        String more = System.getProperty("memguard.cgroup.arguments");
        if (more != null) {
            arguments.addAll(Arrays.asList(more.split(",")));
        }
        // Diagnostics only (such as -Xlog:gc*:file=...): the limit, the heap and the collector stay as they are.
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        String moreJvmOptions = System.getProperty("memguard.cgroup.jvm-options");
        if (moreJvmOptions != null) {
            jvmOptions.addAll(Arrays.asList(moreJvmOptions.trim().split("\\s+")));
        }
        Path record = Path.of("target", "cgroup-runs.txt");
        for (int rate : rates) {
            for (int run = 1; run <= Integer.parseInt(runs); run++) {
                String line;
                try (TestCgroup cgroup = TestCgroup.create()) {
                    cgroup.limit(LIMIT_MIB);
                    try (ForkedSampleApp app = ForkedSampleApp.startAsIs(cgroup.wrapper(),
                            temp.resolve("app-" + rate + "-" + run + ".log"), jvmOptions, arguments)) {
                        GrowthRun.Result result = GrowthRun.drive(app, cgroup, rate, LIMIT_MIB * MIB, 0.95,
                                Duration.ofSeconds(5), Duration.ofSeconds(60));
                        line = Instant.now() + " run " + run + " lead-time=" + leadTime + " arguments=" + more + " "
                                + result.summary();
                    }
                }
                System.out.println(line);
                Files.writeString(record, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    private static DocumentContext container(ForkedSampleApp app) throws IOException, InterruptedException {
        HttpResponse<String> memory = app.get("/actuator/memory/container");
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(200);
        return JsonPath.parse(memory.body());
    }
}
