package io.memguard.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The scrape scenario of {@link PrometheusScrapeTests}, with Prometheus in a container: runs where Docker
 * exists and is reported as skipped (disabledWithoutDocker) where it does not.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrometheusScrapeContainerTests {

    @LocalServerPort
    private int port;

    @Test
    void prometheusInAContainerScrapesMemguardSeries() throws Exception {
        org.testcontainers.Testcontainers.exposeHostPorts(this.port);
        String config = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: memguard-sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["host.testcontainers.internal:%d"]
                """.formatted(this.port);
        try (GenericContainer<?> prometheus = new GenericContainer<>("prom/prometheus:v2.53.0")
            .withAccessToHost(true)
            .withCopyToContainer(Transferable.of(config), "/etc/prometheus/prometheus.yml")
            .withExposedPorts(9090)) {
            prometheus.start();
            URI base = URI.create("http://" + prometheus.getHost() + ":" + prometheus.getMappedPort(9090));
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String query = URLEncoder.encode("memguard_pressure_level", StandardCharsets.UTF_8);
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/query?query=" + query)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).contains("\"__name__\":\"memguard_pressure_level\"");
            });
        }
    }
}
