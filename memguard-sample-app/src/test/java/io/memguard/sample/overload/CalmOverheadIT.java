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
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What memguard costs when all is calm: the same moderate load against the sample app with memguard on and
 * with it off, alternating request by request within one run (so whatever else the machine does hits both
 * alike), in rounds. Writes {@code target/overload/overhead.json}.
 *
 * <p>The load is open: requests are sent on a fixed schedule, well below what either app can serve, so both
 * serve the same work and the comparison is of what that work costs: the throughput each kept up, the p99
 * latency (measured from when each request was due, so a stall delays every request queued behind it), and
 * the CPU time each JVM spent per request. A closed loop, where clients send as fast as answers come, would
 * measure how two JVMs share two cores with the load generator instead, which swings by tens of percent from
 * one round to the next on this kind of machine.
 */
class CalmOverheadIT {

    private static final Path OUT = Path.of("target", "overload");

    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-XX:+UseG1GC");

    /** The calm mix, per client: post a 256-byte chunk to the client's own stream, read its status, read a chunk. */
    private static final String MIX = "POST /api/streams/calm-{client}/chunks (256 B), GET /api/streams/calm-{client}, "
            + "GET /api/streams/calm-{client}/chunks/1";

    /** Small chunks, so that with memguard off the heap does not fill during the run. */
    private static final int CHUNK_BYTES = 256;

    /** Below this share of the offered rate an app did not keep up, and the load was not moderate for it. */
    private static final double KEPT_UP = 0.95;

    @Test
    void memguardCostsLittleWhenCalm() throws Exception {
        int rounds = Integer.getInteger("overhead.rounds", 10);
        Duration roundLength = Duration.ofSeconds(Integer.getInteger("overhead.round-seconds", 6));
        int clients = Integer.getInteger("overhead.clients", 4);
        int rate = Integer.getInteger("overhead.requests-per-second", 400);
        // Long enough for both JVMs' compilers to settle on two shared cores: shorter, the first rounds still climb.
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("overhead.warm-up-seconds", 30));
        Path jar = SampleAppProcess.sampleJar();
        try (SampleAppProcess on = SampleAppProcess.start(jar, JVM_ARGS, guardedArgs(),
                OUT.resolve("calm-on.log"));
                SampleAppProcess off = SampleAppProcess.start(jar, JVM_ARGS, List.of("--memguard.enabled=false"),
                        OUT.resolve("calm-off.log"))) {
            // Warm both up flat out, which compiles the hot paths sooner than the calm rate would.
            drive(on, off, clients, 0, warmUp);
            List<Round> onRounds = new ArrayList<>();
            List<Round> offRounds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Round[] both = drive(on, off, clients, rate, roundLength);
                onRounds.add(both[0]);
                offRounds.add(both[1]);
            }
            Map<String, Object> guarded = stats(onRounds, roundLength);
            Map<String, Object> unguarded = stats(offRounds, roundLength);
            Map<String, Object> overhead = new LinkedHashMap<>();
            overhead.put("load", Map.of("clients", clients, "requestsPerSecond", rate, "rounds", rounds,
                    "roundSeconds", roundLength.toSeconds(), "warmUpSeconds", warmUp.toSeconds(), "requests", MIX,
                    "jvmArgs", JVM_ARGS, "guardedArgs", guardedArgs()));
            overhead.put("memguardOn", guarded);
            overhead.put("memguardOff", unguarded);
            overhead.put("throughputCost", 1 - ratio(guarded, unguarded, "throughputPerSecond"));
            overhead.put("p99LatencyCost", ratio(guarded, unguarded, "p99Millis") - 1);
            overhead.put("cpuPerRequestCost", ratio(guarded, unguarded, "cpuMicrosPerRequest") - 1);
            overhead.put("medianRoundP99LatencyCost", medianRoundCost(onRounds, offRounds, Round::p99Millis));
            overhead.put("medianRoundCpuPerRequestCost",
                    medianRoundCost(onRounds, offRounds, Round::cpuMicrosPerRequest));
            Files.createDirectories(OUT);
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValue(OUT.resolve("overhead.json").toFile(), overhead);
            for (Map<String, Object> side : List.of(guarded, unguarded)) {
                assertThat((double) side.get("throughputPerSecond"))
                    .as("an app fell behind the offered %d requests/s, so the load was not calm for it; lower "
                            + "overhead.requests-per-second (%s)", rate, overhead)
                    .isGreaterThanOrEqualTo(rate * KEPT_UP);
            }
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

    /**
     * Drives both apps for a while with the same requests, and measures each. Every client sends each request
     * of its schedule to both apps, one right after the other (which one first alternates), so that whatever
     * else the machine does at that moment touches both alike: on a small shared machine that is what makes a
     * difference of a few percent visible at all.
     *
     * <p>Each call has its own HTTP clients: a connection left idle in a client's pool between rounds can expire
     * just as it is handed out again, which fails the request with "connection closed locally".
     *
     * @param rate requests per second to each app over all clients, each client on its own fixed schedule; 0
     *             for flat out
     * @return the round of {@code on}, then the round of {@code off}
     */
    private static Round[] drive(SampleAppProcess on, SampleAppProcess off, int clients, int rate, Duration length)
            throws Exception {
        HttpClient onHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient offHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(clients) / rate;
        Duration onCpuBefore = on.cpuTime();
        Duration offCpuBefore = off.cpuTime();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            // Clients start spread over one interval, so that requests arrive evenly rather than in bursts.
            long first = start + intervalNanos * client / clients;
            futures.add(pool.submit(() -> runClient(new Target(onHttp, on), new Target(offHttp, off), client, first,
                    intervalNanos, end)));
        }
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        List<long[]> onLatencies = new ArrayList<>();
        List<long[]> offLatencies = new ArrayList<>();
        for (Future<long[][]> future : futures) {
            long[][] latencies = future.get();
            onLatencies.add(latencies[0]);
            offLatencies.add(latencies[1]);
        }
        return new Round[] { new Round(sorted(onLatencies), on.cpuTime().minus(onCpuBefore)),
                new Round(sorted(offLatencies), off.cpuTime().minus(offCpuBefore)) };
    }

    /**
     * One client: sends the calm mix on its schedule until {@code end}, each request to both apps.
     *
     * @return the latencies of the requests to {@code on}, then of those to {@code off}
     */
    private static long[][] runClient(Target on, Target off, int client, long first, long intervalNanos, long end)
            throws IOException, InterruptedException {
        Latencies onLatencies = new Latencies();
        Latencies offLatencies = new Latencies();
        String stream = "/api/streams/calm-" + client;
        byte[] chunk = new byte[CHUNK_BYTES];
        long due = first;
        for (long i = 0; due < end; i++) {
            String path = switch ((int) (i % 3)) {
                case 0 -> stream + "/chunks";
                case 1 -> stream;
                // Its first chunk: read back while held, 410 Gone once the stream's quota evicted it.
                default -> stream + "/chunks/1";
            };
            byte[] body = i % 3 == 0 ? chunk : null;
            if (intervalNanos == 0) {
                due = System.nanoTime();
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            // Which app goes first alternates, so that neither always meets a cache the other just warmed.
            boolean onFirst = (i / 3) % 2 == 0;
            Target firstTarget = onFirst ? on : off;
            Latencies firstLatencies = onFirst ? onLatencies : offLatencies;
            firstLatencies.add(firstTarget.send(path, body, due));
            // The second request is due when the first is answered: it never waits for the first's app.
            long secondDue = System.nanoTime();
            (onFirst ? offLatencies : onLatencies).add((onFirst ? off : on).send(path, body, secondDue));
            due += intervalNanos;
        }
        return new long[][] { onLatencies.toArray(), offLatencies.toArray() };
    }

    private static long[] sorted(List<long[]> latencies) {
        return latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    /** One app and the HTTP client that talks to it. */
    private record Target(HttpClient http, SampleAppProcess app) {

        /**
         * Sends one request of the mix.
         *
         * @param body the chunk to post, or {@code null} for a GET
         * @param due  when the request was due: its latency counts from then, so a request held up by a slow one
         *             counts that wait
         * @return the latency in nanoseconds
         */
        long send(String path, byte @Nullable [] body, long due) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path));
            if (body != null) {
                request.header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            long took = System.nanoTime() - due;
            if (response.statusCode() / 100 != 2 && response.statusCode() != 410) {
                throw new IOException(path + " answered " + response.statusCode());
            }
            return took;
        }
    }

    /** A growing list of latencies, without boxing. */
    private static final class Latencies {

        private long[] values = new long[1 << 12];
        private int size;

        void add(long latency) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = latency;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static double ratio(Map<String, Object> guarded, Map<String, Object> unguarded, String key) {
        return (double) guarded.get(key) / (double) unguarded.get(key);
    }

    /**
     * The median over rounds of the guarded round's measure over the unguarded one's of the same round, minus
     * one: each pair ran back to back, so it shares the machine's state, and one disturbed round moves the
     * median far less than it moves the totals.
     */
    private static double medianRoundCost(List<Round> on, List<Round> off, ToDoubleFunction<Round> measure) {
        double[] costs = new double[on.size()];
        for (int round = 0; round < costs.length; round++) {
            costs[round] = measure.applyAsDouble(on.get(round)) / measure.applyAsDouble(off.get(round)) - 1;
        }
        Arrays.sort(costs);
        int middle = costs.length / 2;
        return costs.length % 2 == 1 ? costs[middle] : (costs[middle - 1] + costs[middle]) / 2;
    }

    private static Map<String, Object> stats(List<Round> rounds, Duration roundLength) {
        long[] all = rounds.stream().flatMapToLong(round -> Arrays.stream(round.latencies())).sorted().toArray();
        double seconds = rounds.size() * (roundLength.toNanos() / 1e9);
        long cpuNanos = rounds.stream().mapToLong(round -> round.cpu().toNanos()).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", (long) all.length);
        stats.put("throughputPerSecond", all.length / seconds);
        stats.put("p50Millis", percentile(all, 0.50) / 1e6);
        stats.put("p99Millis", percentile(all, 0.99) / 1e6);
        stats.put("cpuMicrosPerRequest", all.length == 0 ? 0.0 : cpuNanos / 1e3 / all.length);
        // Per round, so that a trend (a JVM still warming up) shows apart from a steady cost.
        stats.put("roundP99Millis", rounds.stream().map(round -> round(round.p99Millis())).toList());
        stats.put("roundCpuMicrosPerRequest", rounds.stream().map(round -> round(round.cpuMicrosPerRequest())).toList());
        return stats;
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * quantile) - 1)];
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** One round against one app: every request's latency in nanoseconds, sorted, and the CPU the app used. */
    private record Round(long[] latencies, Duration cpu) {

        double p99Millis() {
            return percentile(latencies, 0.99) / 1e6;
        }

        double cpuMicrosPerRequest() {
            return latencies.length == 0 ? 0.0 : cpu.toNanos() / 1e3 / latencies.length;
        }
    }
}
