import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the memguard starter costs the sample app: start-up time, and throughput at saturation when calm.
 *
 * <p>Start-up: the app is started with memguard on and off, alternately, {@code runs} times each; the time is the
 * JVM's own "process running for" figure of Spring Boot's "Started" line (JVM launch to ready), and the CPU time the
 * JVM has used by then (all threads), which other work on a busy machine moves less than the wall time.
 *
 * <p>Throughput: three variants, alternately, {@code runs} times each, every run a fresh JVM warmed up flat out and
 * then measured flat out with {@code clients} closed-loop clients on the calm mix of the streams API: memguard on;
 * memguard off (the Prometheus registry the starter brings still on); memguard off and no metrics export at all.
 * On minus off is memguard's own cost; off minus no-export is the registry's.
 *
 * <p>Run by {@code scripts/startup-cost.sh}; the load generator shares the machine with the app, so on a small or
 * busy machine the figures are indicative only.
 */
public class StartupCost {

    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-XX:+UseG1GC");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path logs = Files.createDirectories(Path.of(args[1]));
        int runs = Integer.getInteger("runs", 5);
        int clients = Integer.getInteger("clients", 4);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("warm-up-seconds", 10));
        Duration measure = Duration.ofSeconds(Integer.getInteger("measure-seconds", 10));

        Map<String, List<String>> startupVariants = new LinkedHashMap<>();
        startupVariants.put("memguard on", List.of("--memguard.enabled=true"));
        startupVariants.put("memguard off", List.of("--memguard.enabled=false"));
        Map<String, List<Double>> startup = new LinkedHashMap<>();
        Map<String, List<Double>> startupCpu = new LinkedHashMap<>();
        String series = "";
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, List<String>> variant : startupVariants.entrySet()) {
                try (App app = App.start(jar, variant.getValue(), logs.resolve("startup-" + slug(variant.getKey()) + "-" + run + ".log"))) {
                    startup.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(app.startupSeconds);
                    startupCpu.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(app.startupCpuSeconds);
                    if (run == 0 && variant.getKey().equals("memguard on")) {
                        series = app.seriesCount();
                    }
                }
            }
        }

        printStartup(runs, startup, startupCpu, series);
        if (!Boolean.parseBoolean(System.getProperty("throughput", "true"))) {
            return;
        }
        Map<String, List<String>> loadVariants = new LinkedHashMap<>();
        loadVariants.put("memguard on", List.of("--memguard.enabled=true"));
        loadVariants.put("memguard off, Prometheus on", List.of("--memguard.enabled=false"));
        loadVariants.put("memguard off, no metrics export", List.of("--memguard.enabled=false",
                "--management.defaults.metrics.export.enabled=false"));
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, List<String>> variant : loadVariants.entrySet()) {
                try (App app = App.start(jar, variant.getValue(), logs.resolve("load-" + slug(variant.getKey()) + "-" + run + ".log"))) {
                    app.drive(clients, warmUp);
                    throughput.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(app.drive(clients, measure));
                }
            }
        }

        System.out.printf("%nThroughput at saturation (req/s), streams API calm mix (POST 256 B chunk, GET status, GET chunk), %d clients, %ds warm-up + %ds measured, %d runs each, alternating%n",
                clients, warmUp.toSeconds(), measure.toSeconds(), runs);
        System.out.printf("%-34s %8s   %s%n", "variant", "median", "runs");
        throughput.forEach((name, values) -> System.out.printf("%-34s %8.0f   %s%n", name, median(values),
                values.stream().map(v -> String.format("%.0f", v)).toList()));
        double on = median(throughput.get("memguard on"));
        double offProm = median(throughput.get("memguard off, Prometheus on"));
        double bare = median(throughput.get("memguard off, no metrics export"));
        System.out.printf("%-34s %+7.1f %%%n", "memguard itself (on vs off)", (on / offProm - 1) * 100);
        System.out.printf("%-34s %+7.1f %%%n", "Prometheus registry (off vs none)", (offProm / bare - 1) * 100);
        System.out.printf("%-34s %+7.1f %%%n", "starter in all (on vs none)", (on / bare - 1) * 100);
    }

    private static void printStartup(int runs, Map<String, List<Double>> startup, Map<String, List<Double>> startupCpu,
            String series) {
        System.out.printf("%nStart-up, JVM launch to ready (s), %d runs each, alternating; JVM %s, %d CPUs%n", runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-34s %8s   %s%n", "variant", "median", "runs");
        startup.forEach((name, values) -> System.out.printf("%-34s %8.2f   %s%n", name, median(values), values));
        double startupCost = median(startup.get("memguard on")) - median(startup.get("memguard off"));
        System.out.printf("%-34s %+8.0f ms (target <= 150 ms)%n", "on - off (difference of medians)", startupCost * 1000);
        System.out.printf("%nStart-up CPU time, all threads, JVM launch to ready (s): less moved by other work on the machine%n");
        System.out.printf("%-34s %8s   %s%n", "variant", "median", "runs");
        startupCpu.forEach((name, values) -> System.out.printf("%-34s %8.2f   %s%n", name, median(values), values));
        double startupCpuCost = median(startupCpu.get("memguard on")) - median(startupCpu.get("memguard off"));
        System.out.printf("%-34s %+8.0f ms%n", "on - off (difference of medians)", startupCpuCost * 1000);
        System.out.printf("memguard series at start (memguard on): %s%n", series);

    }

    private static String slug(String name) {
        return name.toLowerCase().replaceAll("[^a-z]+", "-");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One sample app JVM, started and waited for, stopped on close. */
    static final class App implements AutoCloseable {

        final Process process;

        final int port;

        final double startupSeconds;

        final double startupCpuSeconds;

        private App(Process process, int port, double startupSeconds, double startupCpuSeconds) {
            this.process = process;
            this.port = port;
            this.startupSeconds = startupSeconds;
            this.startupCpuSeconds = startupCpuSeconds;
        }

        static App start(Path jar, List<String> appArgs, Path log) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_ARGS);
            command.add("-jar");
            command.add(jar.toString());
            command.add("--server.port=" + port);
            command.add("--server.address=127.0.0.1");
            command.addAll(appArgs);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                Matcher matcher = STARTED.matcher(Files.readString(log));
                if (matcher.find()) {
                    double cpu = process.toHandle().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
                    return new App(process, port, Double.parseDouble(matcher.group(1)), cpu);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("The app exited during start-up; see " + log);
                }
                Thread.sleep(20);
            }
            process.destroyForcibly();
            throw new IllegalStateException("The app did not start within 3 minutes; see " + log);
        }

        /** memguard's series over all series at /actuator/prometheus, right after start. */
        String seriesCount() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long all = body.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).count();
            long memguard = body.lines().filter(line -> line.startsWith("memguard_")).count();
            return memguard + " of " + all;
        }

        /**
         * Closed loop, flat out, the calm mix of CalmOverheadIT per client: store a 256-byte chunk in the client's
         * own stream, read the stream's status, read its first chunk. Returns the 2xx answers per second.
         */
        double drive(int clients, Duration length) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port + "/api/streams/calm-";
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            long end = start + length.toNanos();
            List<Future<Long>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    List<HttpRequest> mix = List.of(
                            HttpRequest.newBuilder(URI.create(base + client + "/chunks"))
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[256])).build(),
                            HttpRequest.newBuilder(URI.create(base + client)).build(),
                            HttpRequest.newBuilder(URI.create(base + client + "/chunks/1")).build());
                    long ok = 0;
                    while (System.nanoTime() < end) {
                        for (HttpRequest request : mix) {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status >= 200 && status < 300) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            long total = 0;
            for (Future<Long> future : futures) {
                total += future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return total / seconds;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
