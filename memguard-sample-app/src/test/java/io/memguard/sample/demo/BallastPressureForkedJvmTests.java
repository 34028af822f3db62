package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.sample.SampleApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole story in a real JVM with a small heap: the sample app starts in a child process, the test fills its
 * heap through {@code POST /demo/ballast}, sees the level climb to CRITICAL at {@code /actuator/memory}, the
 * level change logged by the app's {@code @EventListener}, {@code /actuator/health} answer 503 OUT_OF_SERVICE, and,
 * after {@code DELETE /demo/ballast}, the level fall back and the health recover.
 *
 * <p>The child's thresholds are lowered (CRITICAL from 60% of the live heap) so that CRITICAL is reached with room to
 * spare, far from an OutOfMemoryError that could hit the app's own threads. Only the heap-after-gc signal drives the
 * level: PSI and the host's cgroup move with whatever else runs on a shared machine. {@code G1PeriodicGCInterval}
 * lets the idle child collect after the ballast is released, as an idle service with that option does; the level
 * then falls without waiting for allocation to trigger a collection.
 */
class BallastPressureForkedJvmTests {

    private static final int HEAP_MEBIBYTES = 128;

    /** Ballast never grows past this, so the child keeps a quarter of its heap free whatever happens. */
    private static final int MAX_BALLAST_MEBIBYTES = 96;

    private static final int STEP_MEBIBYTES = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    private Process child;

    private Path output;

    private String baseUrl;

    @BeforeEach
    void startSampleAppInAChildJvm() throws IOException {
        int port = freeLoopbackPort();
        baseUrl = "http://127.0.0.1:" + port;
        output = temp.resolve("sample-app.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MEBIBYTES + "m", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=1000",
                "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), SampleApplication.class.getName(),
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--memguard.pressure.interval=200ms",
                "--memguard.pressure.thresholds.low=0.30", "--memguard.pressure.thresholds.moderate=0.40",
                "--memguard.pressure.thresholds.high=0.50", "--memguard.pressure.thresholds.critical=0.60",
                "--memguard.pressure.signals.psi.drives-level=false",
                "--memguard.pressure.signals.container.drives-level=false",
                "--memguard.pressure.signals.direct.drives-level=false"));
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await("the sample app answering on " + baseUrl).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(child.isAlive()).as("child JVM alive; its output:%n%s", childOutput()).isTrue();
                    return get("/demo/ballast").statusCode() == 200;
                });
    }

    @AfterEach
    void stopTheChild() throws InterruptedException {
        if (child != null) {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            // Left in the test's output file for whoever investigates a failure.
            System.out.println("---- sample app output ----\n" + childOutput());
        }
    }

    @Test
    void fillingTheHeapRaisesTheLevelAndReleasingItLowersIt() throws Exception {
        assertThat(level()).isEqualTo(MemoryPressureLevel.NONE);

        int[] ballast = { 0 };
        List<MemoryPressureLevel> seen = new ArrayList<>();
        await("the level reaching CRITICAL as ballast grows").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    MemoryPressureLevel level = level();
                    seen.add(level);
                    if (level != MemoryPressureLevel.CRITICAL && ballast[0] + STEP_MEBIBYTES <= MAX_BALLAST_MEBIBYTES) {
                        assertThat(post("/demo/ballast?mb=" + STEP_MEBIBYTES).statusCode()).isEqualTo(200);
                        ballast[0] += STEP_MEBIBYTES;
                    }
                    return level == MemoryPressureLevel.CRITICAL;
                });
        assertThat(seen).as("levels seen while filling").contains(MemoryPressureLevel.NONE)
                .last().isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(JsonPath.parse(get("/actuator/memory").body()).read("$.drivingSignal", String.class))
                .isEqualTo("heap-after-gc");

        HttpResponse<String> critical = get("/actuator/health");
        assertThat(critical.statusCode()).as(critical.body()).isEqualTo(503);
        assertThat(JsonPath.parse(critical.body()).read("$.components.memory.status", String.class))
                .isEqualTo("OUT_OF_SERVICE");
        await("the rise logged by the app's @EventListener").atMost(Duration.ofSeconds(30))
                .until(() -> childOutput().contains("Memory pressure changed from")
                        && childOutput().contains(" to CRITICAL (driving signal: heap-after-gc)"));

        assertThat(delete("/demo/ballast").statusCode()).isEqualTo(200);
        await("the level falling after the ballast is released").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !level().isAtLeast(MemoryPressureLevel.HIGH));
        await("the health recovering").atMost(Duration.ofSeconds(30))
                .until(() -> get("/actuator/health").statusCode() == 200);
        await("the fall logged").atMost(Duration.ofSeconds(30))
                .until(() -> childOutput().contains("Memory pressure changed from CRITICAL to"));
    }

    private MemoryPressureLevel level() throws IOException, InterruptedException {
        HttpResponse<String> memory = get("/actuator/memory");
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(200);
        return MemoryPressureLevel.valueOf(JsonPath.parse(memory.body()).read("$.level", String.class));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String childOutput() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Surefire runs tests from a manifest-only jar and publishes the real class path in this property. */
    private static String testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertThat(classPath.split(File.pathSeparator)).as("test class path")
                .anySatisfy((entry) -> assertThat(entry).contains("memguard-sample-app"));
        return classPath;
    }
}
