package io.memguard.sample.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server, started from the {@code prometheus} binary on loopback for one test, scraping
 * one target every second.
 *
 * <p>CI installs Debian's {@code prometheus} package, so under {@code CI=true} a missing binary is a
 * failure; on a developer's machine without it the test is skipped with a message that says so.
 */
final class PrometheusServer implements AutoCloseable {

    private final Process process;

    private final URI baseUri;

    private final Path workDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI baseUri, Path workDir) {
        this.process = process;
        this.baseUri = baseUri;
        this.workDir = workDir;
    }

    /**
     * Starts Prometheus scraping {@code http://127.0.0.1:targetPort/actuator/prometheus}.
     */
    static PrometheusServer scraping(int targetPort, String job) throws IOException {
        Path binary = findBinary().orElse(null);
        if (binary == null) {
            String message = "No prometheus binary on this machine (install Debian's 'prometheus' package, as .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        Path workDir = Files.createTempDirectory("memguard-prometheus");
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(job, targetPort));
        int port = freeLoopbackPort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("prometheus.log").toFile())
            .start();
        return new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), workDir);
    }

    private static Optional<Path> findBinary() {
        String explicit = System.getenv("PROMETHEUS_BIN");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Optional.of(Path.of(explicit));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs an instant query through Prometheus's HTTP API and returns the JSON answer. */
    String query(String promql) throws IOException, InterruptedException {
        URI uri = baseUri.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        Path log = workDir.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
