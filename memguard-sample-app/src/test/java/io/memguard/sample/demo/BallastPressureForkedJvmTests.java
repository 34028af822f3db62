package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole story in a real JVM with a small heap ({@link ForkedSampleApp}): the test fills the child's heap through
 * {@code POST /demo/ballast}, sees the level climb to CRITICAL at {@code /actuator/memory}, the level change logged
 * by the app's {@code @EventListener}, {@code /actuator/health} answer 503 OUT_OF_SERVICE, and, after
 * {@code DELETE /demo/ballast}, the level fall back and the health recover.
 */
class BallastPressureForkedJvmTests {

    @TempDir
    Path temp;

    private ForkedSampleApp app;

    @BeforeEach
    void startSampleAppInAChildJvm() throws IOException {
        app = ForkedSampleApp.start(temp);
    }

    @AfterEach
    void stopTheChild() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void fillingTheHeapRaisesTheLevelAndReleasingItLowersIt() throws Exception {
        // Right after start the level can stand above NONE for a moment: one CI run read CRITICAL 2 s after start, the
        // start-up's own collections seen as growth. The story starts from a calm app.
        await("the level at NONE once the app has started").atMost(Duration.ofSeconds(60))
                .until(app::level, MemoryPressureLevel.NONE::equals);

        assertThat(app.fillBallastToCritical()).as("levels seen while filling").contains(MemoryPressureLevel.NONE)
                .last().isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(JsonPath.parse(app.get("/actuator/memory").body()).read("$.drivingSignal", String.class))
                .isEqualTo("heap-after-gc");

        HttpResponse<String> critical = app.get("/actuator/health");
        assertThat(critical.statusCode()).as(critical.body()).isEqualTo(503);
        assertThat(JsonPath.parse(critical.body()).read("$.components.memory.status", String.class))
                .isEqualTo("OUT_OF_SERVICE");
        await("the rise logged by the app's @EventListener").atMost(Duration.ofSeconds(30))
                .until(() -> app.output().contains("Memory pressure changed from")
                        && app.output().contains(" to CRITICAL (driving signal: heap-after-gc"));

        assertThat(app.delete("/demo/ballast").statusCode()).isEqualTo(200);
        await("the level falling after the ballast is released").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !app.level().isAtLeast(MemoryPressureLevel.HIGH));
        await("the health recovering").atMost(Duration.ofSeconds(30))
                .until(() -> app.get("/actuator/health").statusCode() == 200);
        await("the fall logged").atMost(Duration.ofSeconds(30))
                .until(() -> app.output().contains("Memory pressure changed from CRITICAL to"));
    }
}
