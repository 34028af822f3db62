package io.memguard.sample.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.sample.demo.ForkedSampleApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when" in a real JVM on a small heap: with the demo ballast filled to CRITICAL, an ordinary API
 * request is shed with 503 and {@code Retry-After}, {@code /actuator/**} keeps answering, readiness reports
 * OUT_OF_SERVICE, low-memory mode is on, and the buffer pool and the ring buffers report what they gave back; after
 * {@code DELETE /demo/ballast} everything returns to normal on its own.
 */
class ProtectiveActionsForkedJvmTests {

    @TempDir
    Path temp;

    private ForkedSampleApp app;

    @BeforeEach
    void startSampleAppInAChildJvm() throws IOException {
        app = ForkedSampleApp.start(temp, "--memguard.low-memory.minimum-duration=2s");
    }

    @AfterEach
    void stopTheChild() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void degradesOnPurposeAtCriticalAndRecoversOnItsOwn() throws Exception {
        assertThat(app.get("/api/work").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(app.post("/buffers/checksum", new byte[200 * 1024]).statusCode()).isEqualTo(200);
        }
        DocumentContext calm = memory();
        assertThat(calm.read("$.lowMemoryMode", Boolean.class)).isFalse();
        assertThat(calm.read("$.buffers.retainedBytes", Long.class)).as("the pool keeps a buffer").isPositive();
        int ringCapacity = calm.read("$.ring-buffers.buffers.pressure-events.capacity", Integer.class);

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
        System.out.printf("At CRITICAL: buffer pool gave back %d bytes, ring buffer capacity %d -> %d%n",
                trimmedBytes, ringCapacity, shrunk);

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
        assertThat(app.post("/buffers/checksum", new byte[200 * 1024]).statusCode()).isEqualTo(200);
        assertThat(memory().read("$.buffers.retainedBytes", Long.class)).as("the pool keeps buffers again")
                .isPositive();
    }

    private DocumentContext memory() throws IOException, InterruptedException {
        HttpResponse<String> memory = app.get("/actuator/memory");
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(200);
        return JsonPath.parse(memory.body());
    }
}
