package io.memguard.sample.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.sample.demo.ForkedSampleApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when" in a real JVM on a small heap ({@link ForkedSampleApp}): with the demo ballast filled to
 * CRITICAL, an ordinary API request is shed with 503 and {@code Retry-After}, {@code /actuator/**} keeps answering,
 * readiness reports OUT_OF_SERVICE, low-memory mode is on, and the buffer pool, the ring buffers and the result cache
 * report what they gave back; after {@code DELETE /demo/ballast} everything returns to normal on its own.
 *
 * <p>Before the ballast, low-memory mode is forced on and off through {@code POST /actuator/memory} while the level
 * is NONE, so that what the mode itself gives back is seen apart from what CRITICAL pressure does.
 */
class ProtectiveActionsForkedJvmTests {

    @TempDir
    Path temp;

    private ForkedSampleApp app;

    @BeforeEach
    void startSampleAppInAChildJvm() throws IOException {
        // The sample keeps /actuator/memory read-only; this test forces low-memory mode through its write operation.
        app = ForkedSampleApp.start(temp, "--memguard.low-memory.minimum-duration=2s",
                "--management.endpoint.memory.access=unrestricted");
    }

    @AfterEach
    void stopTheChild() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    private static final String CACHE_MAXIMUM = "$.cleanup.caches.caches[?(@.name == 'work-results')].maximum";

    @Test
    void degradesOnPurposeAtCriticalAndRecoversOnItsOwn() throws Exception {
        // Right after start the level can stand above NONE for a moment (a CI run on JDK 25 read LOW; one on JDK 17 read
        // HIGH, which turned low-memory mode on for its two-second minimum after the level was back at NONE): the story
        // starts from a calm app, level NONE and low-memory mode off.
        await("the level at NONE and low-memory mode off once the app has started").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(this::memory, state -> "NONE".equals(state.read("$.level"))
                        && !state.read("$.lowMemoryMode", Boolean.class));
        exerciseThePoolAndTheCache();
        DocumentContext calm = memory();
        assertThat(calm.read("$.lowMemoryMode", Boolean.class)).isFalse();
        assertThat(calm.read("$.buffers.retainedBytes", Long.class)).as("the pool keeps a buffer").isPositive();
        int ringCapacity = calm.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class);
        long cacheMaximum = cacheMaximum(calm);

        assertThat(setLowMemoryMode(true).statusCode()).isEqualTo(200);
        DocumentContext forced = memory();
        assertThat(forced.read("$.level", String.class)).isEqualTo("NONE");
        assertThat(forced.read("$.lowMemoryMode", Boolean.class)).isTrue();
        assertThat(forced.read("$.buffers.retainedBytes", Long.class)).isZero();
        assertThat(forced.read("$.buffers.trimmedBytes", Long.class)).isPositive();
        assertThat(forced.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class))
                .as("shrunk as at HIGH").isEqualTo(ringCapacity / 2);
        assertThat(cacheMaximum(forced)).as("shrunk as at HIGH").isEqualTo(cacheMaximum / 2);
        assertThat(setLowMemoryMode(false).statusCode()).isEqualTo(200);
        DocumentContext released = memory();
        assertThat(released.read("$.lowMemoryMode", Boolean.class)).isFalse();
        assertThat(released.read("$.buffers.retentionPaused", Boolean.class)).isFalse();
        assertThat(released.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class))
                .isEqualTo(ringCapacity);
        assertThat(cacheMaximum(released)).isEqualTo(cacheMaximum);

        exerciseThePoolAndTheCache();

        assertThat(app.fillBallastToCritical()).last().isEqualTo(MemoryPressureLevel.CRITICAL);

        HttpResponse<String> shed = app.get("/api/work");
        assertThat(shed.statusCode()).as(shed.body()).isEqualTo(503);
        assertThat(shed.headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Integer.parseInt(value)).isPositive());
        HttpResponse<String> readiness = app.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(JsonPath.parse(readiness.body()).read("$.status", String.class)).isEqualTo("OUT_OF_SERVICE");
        assertThat(app.get("/actuator/health/liveness").statusCode()).as("liveness is never touched").isEqualTo(200);

        DocumentContext critical = memory();
        assertThat(critical.read("$.lowMemoryMode", Boolean.class)).isTrue();
        assertThat(critical.read("$.buffers.retainedBytes", Long.class)).isZero();
        assertThat(critical.read("$.buffers.retentionPaused", Boolean.class)).isTrue();
        long trimmedBytes = critical.read("$.buffers.trimmedBytes", Long.class);
        assertThat(trimmedBytes).as("bytes the buffer pool gave back").isPositive();
        int shrunk = critical.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class);
        assertThat(shrunk).as("the ring buffer's capacity").isLessThan(ringCapacity);
        long shrunkCache = cacheMaximum(critical);
        assertThat(shrunkCache).as("the result cache's maximum").isLessThan(cacheMaximum);
        System.out.printf("At CRITICAL: buffer pool gave back %d bytes in all, ring buffer capacity %d -> %d,"
                + " result cache maximum %d -> %d%n", trimmedBytes, ringCapacity, shrunk, cacheMaximum, shrunkCache);

        assertThat(app.delete("/demo/ballast").statusCode()).isEqualTo(200);
        await("the level falling after the ballast is released").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !app.level().isAtLeast(MemoryPressureLevel.HIGH));
        await("readiness back UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> app.get("/actuator/health/readiness").statusCode() == 200);
        await("the API answering again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> app.get("/api/work").statusCode() == 200);
        await("low-memory mode off after its minimum duration").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> !memory().read("$.lowMemoryMode", Boolean.class));

        DocumentContext recovered = memory();
        assertThat(recovered.read("$.buffers.retentionPaused", Boolean.class)).isFalse();
        assertThat(recovered.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class))
                .isEqualTo(ringCapacity);
        await("the result cache restored (at level NONE)").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> cacheMaximum(memory()) == cacheMaximum);
        exerciseThePoolAndTheCache();
        assertThat(memory().read("$.buffers.retainedBytes", Long.class)).as("the pool keeps buffers again")
                .isPositive();
    }

    private void exerciseThePoolAndTheCache() throws IOException, InterruptedException {
        for (int kb = 1; kb <= 8; kb++) {
            assertThat(app.get("/api/work?kb=" + kb).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(app.post("/buffers/checksum", "application/octet-stream", new byte[200 * 1024]).statusCode())
                    .isEqualTo(200);
        }
    }

    private HttpResponse<String> setLowMemoryMode(boolean on) throws IOException, InterruptedException {
        return app.post("/actuator/memory", "application/json",
                ("{\"lowMemoryMode\": " + on + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static long cacheMaximum(DocumentContext memory) {
        List<Number> maximum = memory.read(CACHE_MAXIMUM);
        assertThat(maximum).as("the work-results cache in the cleanup section").hasSize(1);
        return maximum.get(0).longValue();
    }

    private DocumentContext memory() throws IOException, InterruptedException {
        HttpResponse<String> memory = app.get("/actuator/memory");
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(200);
        return JsonPath.parse(memory.body());
    }
}
