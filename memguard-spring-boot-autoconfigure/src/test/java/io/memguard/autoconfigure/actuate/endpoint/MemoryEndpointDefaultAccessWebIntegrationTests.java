package io.memguard.autoconfigure.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.spring.actuate.LowMemoryModeController;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The {@code memory} endpoint with every endpoint exposed ({@code management.endpoints.web.exposure.include=*}, as
 * many applications do) and nothing granted: it can be read, but nobody can force low-memory mode over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=*",
                "memguard.low-memory.enabled=false" })
class MemoryEndpointDefaultAccessWebIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private LowMemoryModeController lowMemoryMode;

    @Test
    void readsButRefusesToForceLowMemoryMode() throws Exception {
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/actuator/memory")).build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JsonPath.parse(read.body()).read("$.lowMemoryMode", Boolean.class)).isFalse();

        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/actuator/memory"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lowMemoryMode\": true}"))
                .build());

        assertThat(write.statusCode()).as(write.body()).isBetween(400, 499);
        assertThat(lowMemoryMode.state().active()).isFalse();
        assertThat(JsonPath.parse(send(HttpRequest.newBuilder(uri("/actuator/memory")).build()).body())
                .read("$.lowMemoryMode", Boolean.class)).isFalse();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        ManualMemoryPressureMonitor testMemoryPressureMonitor() {
            return MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE);
        }
    }
}
