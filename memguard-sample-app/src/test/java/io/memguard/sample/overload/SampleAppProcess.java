package io.memguard.sample.overload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * The sample app running in a JVM of its own, on loopback, so that a test can starve it of memory, watch
 * it from outside and see whether it dies.
 */
final class SampleAppProcess implements AutoCloseable {

    private final Process process;

    private final Path log;

    private final URI baseUri;

    private SampleAppProcess(Process process, Path log, URI baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    /**
     * Starts the repackaged sample app jar.
     * @param jar the executable jar
     * @param jvmArgs options for the JVM, such as {@code -Xmx256m}
     * @param appArgs Spring arguments, such as {@code --memguard.enabled=false}
     * @param log where the app's standard output and error go
     */
    static SampleAppProcess start(Path jar, List<String> jvmArgs, List<String> appArgs, Path log)
            throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.addAll(appArgs);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SampleAppProcess app = new SampleAppProcess(process, log, URI.create("http://127.0.0.1:" + port));
        try {
            app.awaitReady(Duration.ofSeconds(120));
        }
        catch (RuntimeException ex) {
            app.close();
            throw new IllegalStateException(ex.getMessage() + "; its log:\n" + app.log(), ex);
        }
        return app;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("the sample app answers /actuator/health/liveness")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(200))
            .failFast("the sample app exited during start-up", () -> !process.isAlive())
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(() -> http.send(
                    HttpRequest.newBuilder(uri("/actuator/health/liveness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI uri(String path) {
        return baseUri.resolve(path);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** When the app's process started (the JVM's uptime counts from about then). */
    Instant startInstant() {
        return process.toHandle().info().startInstant()
            .orElseThrow(() -> new IllegalStateException("this platform reports no start time for process " + pid()));
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU time the app's JVM has used so far, all threads together.
     *
     * @throws IllegalStateException where the platform does not report it
     */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("this platform reports no CPU time for process " + pid()));
    }

    /** Whether the JVM ended because of an OutOfMemoryError (as -XX:+ExitOnOutOfMemoryError reports it). */
    boolean diedOfOutOfMemory() throws IOException {
        return !process.isAlive() && log().contains("java.lang.OutOfMemoryError");
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The repackaged sample jar: system property {@code sample.jar}, else the one in {@code target/}. */
    static Path sampleJar() throws IOException {
        String explicit = System.getProperty("sample.jar");
        if (explicit != null) {
            return Path.of(explicit);
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("memguard-sample-app-.*\\.jar"))
                .filter(file -> !file.getFileName().toString().endsWith("-plain.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No sample app jar in target/: package it first"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
