package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What memguard costs when all is calm: the same moderate load against the sample app with memguard on and
 * with it off, in alternating rounds within one run (so drift of the machine hits both alike), comparing
 * throughput and p99 latency. Writes {@code target/overload/overhead.json}.
 */
class CalmOverheadIT {

    private static final Path OUT = Path.of("target", "overload");

    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-XX:+UseG1GC");

    /** The calm mix, per client: post a 256-byte chunk to the client's own stream, read its status, read a chunk. */
    private static final String MIX = "POST /api/streams/calm-{client}/chunks (256 B), GET /api/streams/calm-{client}, "
            + "GET /api/streams/calm-{client}/chunks/{seq}";

    /** Small chunks: with memguard off nothing is evicted, and the heap must not fill during the run. */
    private static final int CHUNK_BYTES = 256;

    @Test
    void memguardCostsLittleWhenCalm() throws Exception {
        int rounds = Integer.getInteger("overhead.rounds", 6);
        Duration roundLength = Duration.ofSeconds(Integer.getInteger("overhead.round-seconds", 8));
        int clients = Integer.getInteger("overhead.clients", 4);
        Path jar = OverloadIT.sampleJar();
        try (SampleAppProcess on = SampleAppProcess.start(jar, JVM_ARGS, guardedArgs(),
                OUT.resolve("calm-on.log"));
                SampleAppProcess off = SampleAppProcess.start(jar, JVM_ARGS, List.of("--memguard.enabled=false"),
                        OUT.resolve("calm-off.log"))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Warm both JVMs up before measuring.
            drive(http, on, clients, Duration.ofSeconds(5));
            drive(http, off, clients, Duration.ofSeconds(5));
            List<long[]> onLatencies = new ArrayList<>();
            List<long[]> offLatencies = new ArrayList<>();
            double onSeconds = 0;
            double offSeconds = 0;
            for (int round = 0; round < rounds; round++) {
                // Alternate which goes first, so neither always follows the other.
                boolean onFirst = round % 2 == 0;
                for (boolean guarded : onFirst ? new boolean[] { true, false } : new boolean[] { false, true }) {
                    long[] latencies = drive(http, guarded ? on : off, clients, roundLength);
                    (guarded ? onLatencies : offLatencies).add(latencies);
                    if (guarded) {
                        onSeconds += roundLength.toNanos() / 1e9;
                    }
                    else {
                        offSeconds += roundLength.toNanos() / 1e9;
                    }
                }
            }
            Map<String, Object> overhead = new LinkedHashMap<>();
            Map<String, Object> guarded = stats(onLatencies, onSeconds);
            Map<String, Object> unguarded = stats(offLatencies, offSeconds);
            overhead.put("load", Map.of("clients", clients, "rounds", rounds, "roundSeconds", roundLength.toSeconds(),
                    "requests", MIX, "jvmArgs", JVM_ARGS));
            overhead.put("memguardOn", guarded);
            overhead.put("memguardOff", unguarded);
            double throughputCost = 1 - (double) guarded.get("throughputPerSecond")
                    / (double) unguarded.get("throughputPerSecond");
            double p99Cost = (double) guarded.get("p99Millis") / (double) unguarded.get("p99Millis") - 1;
            overhead.put("throughputCost", throughputCost);
            overhead.put("p99LatencyCost", p99Cost);
            Files.createDirectories(OUT);
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValue(OUT.resolve("overhead.json").toFile(), overhead);
            assertThat((long) guarded.get("requests")).as("requests measured with memguard on").isPositive();
            assertThat((long) unguarded.get("requests")).as("requests measured with memguard off").isPositive();
        }
    }

    /**
     * The guarded app's arguments: memguard on, plus any given in {@code overhead.guarded-args} (comma-separated),
     * so that a run can switch single features off to see where a cost comes from.
     */
    private static List<String> guardedArgs() {
        List<String> args = new ArrayList<>(List.of("--memguard.enabled=true"));
        String extra = System.getProperty("overhead.guarded-args", "");
        for (String arg : extra.split(",")) {
            if (!arg.isBlank()) {
                args.add(arg.trim());
            }
        }
        return args;
    }

    /** Runs closed-loop clients against one app for a while; returns every request's latency in nanoseconds. */
    private static long[] drive(HttpClient http, SampleAppProcess app, int clients, Duration length)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + length.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                String stream = "/api/streams/calm-" + client;
                byte[] chunk = new byte[CHUNK_BYTES];
                for (long i = 0; System.nanoTime() < end; i++) {
                    HttpRequest request = switch ((int) (i % 3)) {
                        case 0 -> HttpRequest.newBuilder(app.uri(stream + "/chunks"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(chunk)).build();
                        case 1 -> HttpRequest.newBuilder(app.uri(stream)).build();
                        // Its first chunk: read back while held, 410 Gone once the stream's quota evicted it.
                        default -> HttpRequest.newBuilder(app.uri(stream + "/chunks/1")).build();
                    };
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    long took = System.nanoTime() - start;
                    if (response.statusCode() / 100 != 2 && response.statusCode() != 410) {
                        throw new IOException(request.uri() + " answered " + response.statusCode());
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get());
        }
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static Map<String, Object> stats(List<long[]> rounds, double seconds) {
        long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", (long) all.length);
        stats.put("throughputPerSecond", all.length / seconds);
        stats.put("p50Millis", all.length == 0 ? 0.0 : all[all.length / 2] / 1e6);
        stats.put("p99Millis", all.length == 0 ? 0.0 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6);
        return stats;
    }
}
