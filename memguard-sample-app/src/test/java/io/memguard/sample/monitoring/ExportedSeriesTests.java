package io.memguard.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every {@code memguard_*} series that the Grafana dashboard and the Prometheus alert rules name is one the
 * sample app really exports at {@code /actuator/prometheus}, once it has served some traffic: a renamed meter
 * fails here rather than leaving an empty panel or an alert that can never fire.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
        "memguard.quota.default-stream-limit=256KB" })
class ExportedSeriesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A metric name in a PromQL expression; series suffixes are kept, label names never start with memguard_. */
    private static final Pattern SERIES = Pattern.compile("\\bmemguard_[a-z0-9_]+");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void theDashboardAndTheAlertRulesNameOnlySeriesTheAppExports() throws Exception {
        exercise();
        Set<String> exported = exportedSeries(get("/actuator/prometheus").body());

        Set<String> dashboard = namedSeries(ROOT.resolve("monitoring/grafana/dashboards/memguard.json"));
        Set<String> rules = namedSeries(ROOT.resolve("monitoring/prometheus/memguard-alerts.yml"));

        assertThat(dashboard).as("series the dashboard queries").isNotEmpty();
        assertThat(rules).as("series the alert rules query").isNotEmpty();
        assertThat(exported).as("memguard series exported by the sample app").containsAll(dashboard)
                .containsAll(rules);
    }

    /** Traffic that makes the lazily registered meters appear: pooled reads, evicting streams, shed requests. */
    private void exercise() throws Exception {
        for (int i = 0; i < 40; i++) {
            post("/api/streams/monitored/chunks", new byte[16 * 1024]);
            post("/buffers/checksum", new byte[8 * 1024]);
        }
        assertThat(get("/api/streams/monitored").body()).contains("\"chunksEvicted\":");
    }

    private static Set<String> exportedSeries(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("memguard_")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static Set<String> namedSeries(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SERIES.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
