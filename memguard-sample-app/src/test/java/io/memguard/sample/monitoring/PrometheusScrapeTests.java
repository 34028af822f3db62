package io.memguard.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample app scraped by a real Prometheus server on loopback: memguard's series arrive in Prometheus
 * and can be queried through its HTTP API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class PrometheusScrapeTests {

    @LocalServerPort
    private int port;

    @Test
    void prometheusScrapesMemguardSeries() throws Exception {
        try (PrometheusServer prometheus = PrometheusServer.scraping(this.port, "memguard-sample")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(prometheus.isAlive()).as("prometheus is running; its log:%n%s", prometheus.log()).isTrue();
                assertThat(prometheus.query("up{job=\"memguard-sample\"}")).contains("\"value\":[").contains("\"1\"]");
                assertThat(prometheus.query("memguard_pressure_level{job=\"memguard-sample\"}"))
                    .contains("\"__name__\":\"memguard_pressure_level\"");
            });
            String ratios = prometheus.query("memguard_memory_usage_ratio{job=\"memguard-sample\"}");
            assertThat(ratios).contains("\"signal\":\"heap\"").contains("\"signal\":\"heap-after-gc\"");
        }
    }
}
