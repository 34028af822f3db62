package io.memguard.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.sample.SampleApplication;

/**
 * The sample app in a child JVM with a small heap, answering on a loopback port, for tests that fill its heap
 * through {@code POST /demo/ballast} and watch memguard react.
 *
 * <p>The child's thresholds are lowered (CRITICAL from 60% of the live heap) so that CRITICAL is reached with room to
 * spare, far from an OutOfMemoryError that could hit the app's own threads. Only the heap-after-gc signal drives the
 * level: PSI and the host's cgroup move with whatever else runs on a shared machine. Nothing makes the idle child
 * collect on its own: after the ballast is released, the level falls because memguard measures the live set while
 * the level is HIGH or CRITICAL.
 */
public final class ForkedSampleApp implements AutoCloseable {

    /*
     * Large enough that the idle app's own live set stays well below the LOW threshold (30% of the heap G1 can use,
     * about 80% of -Xmx): the tests expect the level back at NONE once the ballast is gone, and memguard's
     * measurements after HIGH only show the live set; they cannot lower it. At 128 MiB the sample's own live set sat
     * at the LOW threshold on some runs.
     */
    private static final int HEAP_MEBIBYTES = 256;

    /** Ballast never grows past this, so the child keeps a quarter of its heap free whatever happens. */
    private static final int MAX_BALLAST_MEBIBYTES = HEAP_MEBIBYTES * 3 / 4;

    private static final int STEP_MEBIBYTES = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process child;

    private final Path output;

    private final String baseUrl;

    private ForkedSampleApp(Process child, Path output, String baseUrl) {
        this.child = child;
        this.output = output;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the sample app and waits until it answers.
     *
     * @param temp          a directory for the child's output
     * @param extraArguments further {@code --name=value} arguments for the app
     * @return the running app
     * @throws IOException if the child cannot be started
     */
    public static ForkedSampleApp start(Path temp, String... extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--memguard.pressure.interval=200ms",
                "--memguard.pressure.thresholds.low=0.30", "--memguard.pressure.thresholds.moderate=0.40",
                "--memguard.pressure.thresholds.high=0.50", "--memguard.pressure.thresholds.critical=0.60",
                "--memguard.pressure.signals.psi.drives-level=false",
                "--memguard.pressure.signals.container.drives-level=false",
                "--memguard.pressure.signals.direct.drives-level=false",
                "--memguard.pressure.signals.gc-overhead.drives-level=false"));
        arguments.addAll(List.of(extraArguments));
        return launch(List.of(), temp.resolve("sample-app.log"),
                List.of("-Xmx" + HEAP_MEBIBYTES + "m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1"), arguments,
                "/demo/ballast");
    }

    /**
     * Starts the sample app as a user would run it: only the given JVM options and arguments, memguard at its
     * defaults; waits until {@code /actuator/health/liveness} answers.
     *
     * @param output     where the child's output goes
     * @param jvmOptions options of the child JVM, such as {@code -Xmx96m}
     * @param arguments  {@code --name=value} arguments for the app
     * @return the running app
     * @throws IOException if the child cannot be started
     */
    public static ForkedSampleApp startAsIs(Path output, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        return startAsIs(List.of(), output, jvmOptions, arguments);
    }

    /**
     * Starts the sample app as a user would run it, through a wrapper command: the {@code java} command and its
     * arguments are appended to {@code wrapper}, such as {@code sh -c 'echo $$ > .../cgroup.procs; exec "$0" "$@"'}
     * to start it inside a cgroup.
     *
     * @param wrapper    the command that runs the rest of the command line
     * @param output     where the child's output goes
     * @param jvmOptions options of the child JVM
     * @param arguments  {@code --name=value} arguments for the app
     * @return the running app
     * @throws IOException if the child cannot be started
     */
    public static ForkedSampleApp startAsIs(List<String> wrapper, Path output, List<String> jvmOptions,
            List<String> arguments) throws IOException {
        return launch(wrapper, output, jvmOptions, arguments, "/actuator/health/liveness");
    }

    private static ForkedSampleApp launch(List<String> wrapper, Path output, List<String> jvmOptions,
            List<String> arguments, String readyPath) throws IOException {
        int port = freeLoopbackPort();
        String baseUrl = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClassPath(), SampleApplication.class.getName(),
                "--server.address=127.0.0.1", "--server.port=" + port));
        command.addAll(arguments);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        ForkedSampleApp app = new ForkedSampleApp(child, output, baseUrl);
        await("the sample app answering on " + baseUrl).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(child.isAlive()).as("child JVM alive; its output:%n%s", app.output()).isTrue();
                    return app.get(readyPath).statusCode() == 200;
                });
        return app;
    }

    /**
     * Whether the child JVM still runs.
     *
     * @return {@code true} until it exits
     */
    public boolean isAlive() {
        return child.isAlive();
    }

    /**
     * The process id of the child (of the wrapper, where the wrapper {@code exec}s the JVM, the JVM's own).
     *
     * @return the child's pid
     */
    public long pid() {
        return child.pid();
    }

    /**
     * The address of the app, such as {@code http://127.0.0.1:8080}.
     *
     * @return the base URL, without a trailing slash
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Grows the ballast step by step until {@code /actuator/memory} reports CRITICAL.
     *
     * @return the levels seen on the way, the last one CRITICAL
     */
    public List<MemoryPressureLevel> fillBallastToCritical() {
        int[] ballast = { 0 };
        List<MemoryPressureLevel> seen = new ArrayList<>();
        await("the level reaching CRITICAL as ballast grows").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    MemoryPressureLevel level = level();
                    seen.add(level);
                    if (level != MemoryPressureLevel.CRITICAL && ballast[0] + STEP_MEBIBYTES <= MAX_BALLAST_MEBIBYTES) {
                        assertThat(post("/demo/ballast?mb=" + STEP_MEBIBYTES).statusCode()).isEqualTo(200);
                        ballast[0] += STEP_MEBIBYTES;
                    }
                    return level == MemoryPressureLevel.CRITICAL;
                });
        return seen;
    }

    /**
     * The level {@code /actuator/memory} reports now.
     *
     * @return the pressure level
     */
    public MemoryPressureLevel level() throws IOException, InterruptedException {
        HttpResponse<String> memory = get("/actuator/memory");
        assertThat(memory.statusCode()).as(memory.body()).isEqualTo(200);
        return MemoryPressureLevel.valueOf(JsonPath.parse(memory.body()).read("$.level", String.class));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Everything the child printed so far.
     *
     * @return its standard output and error
     */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Stops the child and prints its output into the test's output, for whoever investigates a failure. */
    @Override
    public void close() throws InterruptedException {
        child.destroy();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String printed = output();
        // A forked run that filled its heap can print a lot: its tail is what explains a failure.
        System.out.println("---- sample app output ----\n" + printed.substring(Math.max(0, printed.length() - 20_000)));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Surefire runs tests from a manifest-only jar and publishes the real class path in this property. */
    private static String testClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertThat(classPath.split(File.pathSeparator)).as("test class path")
                .anySatisfy((entry) -> assertThat(entry).contains("memguard-sample-app"));
        return classPath;
    }
}
