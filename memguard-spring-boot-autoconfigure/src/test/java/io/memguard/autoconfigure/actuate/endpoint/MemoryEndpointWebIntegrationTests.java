package io.memguard.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.spring.actuate.FixedMemoryEndpointSection;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The actuator over real HTTP: {@code /actuator/memory}, one section, {@code /actuator/health} and
 * {@code /actuator/prometheus}, with a monitor the test moves between levels.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=health,memory,prometheus",
                // Granted, so that the tests below can force low-memory mode: the endpoint is read-only by default.
                "management.endpoint.memory.access=unrestricted",
                "management.endpoint.health.show-details=always",
                // Low-memory mode by hand only, so that the levels the other tests set do not turn it on.
                "memguard.low-memory.enabled=false" })
class MemoryEndpointWebIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ManualMemoryPressureMonitor monitor;

    @BeforeEach
    void startAtHigh() {
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH));
    }

    @Test
    void memoryShowsLevelSignalsSectionsAndContributedSections() throws Exception {
        HttpResponse<String> response = get("/actuator/memory");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                (type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
        DocumentContext json = JsonPath.parse(response.body());
        assertThat(json.read("$.level", String.class)).isEqualTo("HIGH");
        assertThat(json.read("$.drivingSignal", String.class)).isEqualTo("heap-after-gc");
        assertThat(json.read("$.timestamp", String.class)).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(object(json, "$.signals")).containsOnlyKeys("heap-after-gc", "heap", "direct",
                "container", "system", "psi");
        assertThat(object(json, "$.signals.container")).containsExactly(Map.entry("ratio", 0.75),
                Map.entry("usedBytes", 3072), Map.entry("limitBytes", 4096));
        assertThat(object(json, "$.signals.psi")).containsOnlyKeys("ratio");
        assertThat(json.read("$.heap.afterGcUsedBytes", Integer.class)).isEqualTo(875);
        assertThat(json.read("$.gc.pauseTotalMillis", Integer.class)).isEqualTo(1234);
        assertThat(json.read("$.container.cgroupVersion", Integer.class)).isEqualTo(1);
        assertThat(object(json, "$.container")).doesNotContainKey("highBytes");
        assertThat(json.read("$.system.totalBytes", Integer.class)).isEqualTo(16384);
        assertThat(json.read("$.psi.some.avg10", Double.class)).isEqualTo(0.125);
        assertThat(object(json, "$.psi")).doesNotContainKey("full");
        assertThat(json.read("$.demo.answer", Integer.class)).isEqualTo(42);
        assertThat(object(json, "$")).doesNotContainKey("sections");
    }

    @Test
    void absentSectionsAreLeftOut() throws Exception {
        monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.LOW));
        DocumentContext json = JsonPath.parse(get("/actuator/memory").body());
        assertThat(object(json, "$")).containsKeys("level", "drivingSignal", "timestamp", "signals", "heap", "gc",
                "demo").doesNotContainKeys("direct", "container", "system", "psi");
        assertThat(get("/actuator/memory/container").statusCode()).isEqualTo(404);
    }

    @Test
    void oneSectionAlone() throws Exception {
        HttpResponse<String> heap = get("/actuator/memory/heap");
        assertThat(heap.statusCode()).isEqualTo(200);
        assertThat(object(JsonPath.parse(heap.body()), "$")).containsOnlyKeys("usedBytes", "committedBytes",
                "maxBytes", "afterGcUsedBytes", "afterGcMaxBytes");
        assertThat(JsonPath.parse(get("/actuator/memory/demo").body()).read("$.answer", Integer.class)).isEqualTo(42);
        assertThat(JsonPath.parse(get("/actuator/memory/signals").body()).read("$.heap.ratio", Double.class))
                .isEqualTo(0.5);
    }

    @Test
    void postForcesLowMemoryModeOnAndHandsItBack() throws Exception {
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.NONE));
        assertThat(JsonPath.parse(get("/actuator/memory").body()).read("$.lowMemoryMode", Boolean.class)).isFalse();

        HttpResponse<String> on = post("/actuator/memory", "{\"lowMemoryMode\": true}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(JsonPath.parse(on.body()).read("$.active", Boolean.class)).isTrue();
        assertThat(JsonPath.parse(on.body()).read("$.forced", Boolean.class)).isTrue();
        assertThat(JsonPath.parse(get("/actuator/memory").body()).read("$.lowMemoryMode", Boolean.class)).isTrue();

        HttpResponse<String> off = post("/actuator/memory", "{\"lowMemoryMode\": false}");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(JsonPath.parse(get("/actuator/memory").body()).read("$.lowMemoryMode", Boolean.class))
                .as("released, and the automatic rule (disabled here) does not call for it").isFalse();
    }

    @Test
    void aMalformedLowMemoryModeRequestIsABadRequestThatChangesNothing() throws Exception {
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.NONE));
        HttpResponse<String> notBoolean = post("/actuator/memory", "{\"lowMemoryMode\": \"maybe\"}");
        assertThat(notBoolean.statusCode()).isEqualTo(400);
        assertThat(JsonPath.parse(notBoolean.body()).read("$.message", String.class)).contains("lowMemoryMode")
                .contains("true").contains("false");
        HttpResponse<String> missing = post("/actuator/memory", "{\"something\": true}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JsonPath.parse(missing.body()).read("$.message", String.class)).contains("lowMemoryMode");
        assertThat(post("/actuator/memory", "{not json").statusCode()).isEqualTo(400);
        assertThat(JsonPath.parse(get("/actuator/memory").body()).read("$.lowMemoryMode", Boolean.class)).isFalse();
    }

    @Test
    void unknownSectionIsNotFound() throws Exception {
        assertThat(get("/actuator/memory/nonsense").statusCode()).isEqualTo(404);
    }

    @Test
    void healthWarnsAtHighAndTakesTheInstanceOutOfServiceAtCritical() throws Exception {
        HttpResponse<String> high = get("/actuator/health");
        assertThat(high.statusCode()).isEqualTo(200);
        DocumentContext highJson = JsonPath.parse(high.body());
        assertThat(highJson.read("$.components.memory.status", String.class)).isEqualTo("UP");
        assertThat(highJson.read("$.components.memory.details.level", String.class)).isEqualTo("HIGH");
        assertThat(highJson.read("$.components.memory.details.drivingSignal", String.class))
                .isEqualTo("heap-after-gc");
        assertThat(highJson.read("$.components.memory.details.warning", String.class))
                .isEqualTo("Memory pressure is HIGH (heap-after-gc at 87.5% of its limit)");

        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.CRITICAL));
        HttpResponse<String> critical = get("/actuator/health");
        assertThat(critical.statusCode()).isEqualTo(503);
        assertThat(JsonPath.parse(critical.body()).read("$.status", String.class)).isEqualTo("OUT_OF_SERVICE");
        assertThat(JsonPath.parse(critical.body()).read("$.components.memory.status", String.class))
                .isEqualTo("OUT_OF_SERVICE");
    }

    @Test
    void prometheusHasTheMemguardMeters() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("# HELP memguard_pressure_level", "memguard_pressure_level 3.0",
                "memguard_memory_usage_ratio{signal=\"heap-after-gc\"} 0.875",
                "memguard_memory_usage_ratio{signal=\"container\"} 0.75",
                "memguard_memory_used_bytes{signal=\"heap\"} 1000.0");
        assertThat(response.body()).doesNotContain("jvm_memguard");
    }

    private static Map<String, Object> object(DocumentContext json, String path) {
        return json.read(path);
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        ManualMemoryPressureMonitor testMemoryPressureMonitor() {
            return MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH);
        }

        @Bean
        MemoryEndpointSection demoSection() {
            return new FixedMemoryEndpointSection("demo", Map.of("answer", 42));
        }
    }
}
