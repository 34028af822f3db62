package io.memguard.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files of the monitoring stack agree with each other: docker-compose mounts the Prometheus config and
 * rules that CI checks with promtool, and Grafana gets a parseable dashboard and data source.
 */
class MonitoringStackFilesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheSampleAppPrometheusAndGrafana() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("sample-app", "prometheus", "grafana");
        Map<String, Object> app = (Map<String, Object>) services.get("sample-app");
        assertThat(app.get("build")).as("the sample app image is built from this repository").isEqualTo(".");
        assertThat(ROOT.resolve("Dockerfile")).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusMountsTheConfigAndRulesThatPromtoolChecks() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        List<String> volumes = (List<String>) prometheus.get("volumes");
        assertThat(volumes).contains(
                "./monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./monitoring/prometheus/memguard-alerts.yml:/etc/prometheus/memguard-alerts.yml:ro");
        for (String volume : volumes) {
            assertThat(ROOT.resolve(volume.substring(0, volume.indexOf(':')))).as(volume).exists();
        }
        Map<String, Object> config = yaml(ROOT.resolve("monitoring/prometheus/prometheus.yml"));
        assertThat((List<String>) config.get("rule_files")).containsExactly("memguard-alerts.yml");
        assertThat(config.toString()).contains("sample-app:8080").contains("/actuator/prometheus");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheMemguardDashboard() throws IOException {
        List<String> volumes = (List<String>) service("grafana").get("volumes");
        for (String volume : volumes) {
            assertThat(ROOT.resolve(volume.substring(0, volume.indexOf(':')))).as(volume).exists();
        }
        Map<String, Object> datasources = yaml(
                ROOT.resolve("monitoring/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasources.toString()).contains("uid=prometheus").contains("http://prometheus:9090");
        JsonNode dashboard = JsonMapper.builder().build()
            .readTree(Files.readString(ROOT.resolve("monitoring/grafana/dashboards/memguard.json")));
        assertThat(dashboard.get("uid").asString()).isEqualTo("memguard");
        List<String> titles = dashboard.get("panels").valueStream().map(panel -> panel.get("title").asString()).toList();
        assertThat(String.join("|", titles)).contains("Pressure level", "Signal ratios", "Buffer pool reuse",
                "Ring buffer drops", "Quota usage", "Quota evictions", "Requests shed", "Low-memory mode");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> services = (Map<String, Object>) yaml(ROOT.resolve("docker-compose.yml")).get("services");
        return (Map<String, Object>) services.get(name);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
