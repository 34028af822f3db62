package io.memguard.sample.overload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One overload run: many clients post chunks to many streams, far beyond what the heap holds, then every
 * acknowledged chunk is read back, and the app's recovery is timed.
 *
 * <p>The same load runs against the app with memguard off ({@code memguard.enabled=false}, the
 * "unguarded" run) and on. A chunk that was acknowledged must afterwards be readable or reported evicted
 * (410 Gone); anything else is lost.
 */
final class OverloadScenario {

    private static final Pattern SEQ = Pattern.compile("\"seq(?:uence)?\"\\s*:\\s*(\\d+)");

    /** How hard to push: clients, streams, chunk size and how many chunks in all. */
    record Load(int clients, int streams, int chunkBytes, int chunks, Duration maxDuration) {

        long totalBytes() {
            return (long) chunkBytes * chunks;
        }
    }

    private record Ack(String stream, long seq) {
    }

    private final Path jar;

    private final List<String> jvmArgs;

    private final Load load;

    private final Path outDir;

    OverloadScenario(Path jar, List<String> jvmArgs, Load load, Path outDir) {
        this.jar = jar;
        this.jvmArgs = jvmArgs;
        this.load = load;
        this.outDir = outDir;
    }

    OverloadResult run(String name, List<String> appArgs) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        try (SampleAppProcess app = SampleAppProcess.start(this.jar, this.jvmArgs, appArgs,
                this.outDir.resolve(name + ".log"))) {
            HttpProbe probe = new HttpProbe(http, app);
            AtomicLong accepted = new AtomicLong();
            AtomicLong shed = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Queue<Ack> acks = new ConcurrentLinkedQueue<>();
            List<TimelineSample> timeline = new CopyOnWriteArrayList<>();

            long start = System.nanoTime();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            AtomicLong lastAccepted = new AtomicLong();
            AtomicLong lastNanos = new AtomicLong(start);
            sampler.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                long acceptedNow = accepted.get();
                double perSecond = (acceptedNow - lastAccepted.getAndSet(acceptedNow))
                        / Math.max(1e-9, (now - lastNanos.getAndSet(now)) / 1e9);
                timeline.add(new TimelineSample((now - start) / 1e9, probe.heapMetric("jvm_memory_used_bytes").orElse(-1),
                        probe.heapMetric("jvm_memory_max_bytes").orElse(-1), probe.level(), perSecond));
            }, 0, 500, TimeUnit.MILLISECONDS);

            ExecutorService clients = Executors.newFixedThreadPool(this.load.clients());
            AtomicLong next = new AtomicLong();
            long deadline = start + this.load.maxDuration().toNanos();
            for (int c = 0; c < this.load.clients(); c++) {
                clients.submit(() -> {
                    byte[] body = new byte[this.load.chunkBytes()];
                    long i;
                    while ((i = next.getAndIncrement()) < this.load.chunks() && app.isAlive()
                            && System.nanoTime() < deadline) {
                        String stream = "stream-" + (i % this.load.streams());
                        body[0] = (byte) i;
                        post(http, probe, stream, body, (int) (i % 10), accepted, shed, rejected, failed, acks);
                    }
                    return null;
                });
            }
            clients.shutdown();
            clients.awaitTermination(this.load.maxDuration().toSeconds() + 60, TimeUnit.SECONDS);
            long loadEnd = System.nanoTime();

            double recoverySeconds = -1;
            boolean serves = false;
            if (app.isAlive()) {
                recoverySeconds = awaitRecovery(probe, loadEnd);
                serves = servesNormally(http, probe);
            }
            sampler.shutdownNow();
            long[] readBack = readBack(http, probe, app, acks);
            boolean oom = !app.isAlive() && app.diedOfOutOfMemory();
            return new OverloadResult(oom, accepted.get(), shed.get(), rejected.get(), failed.get(), readBack[0],
                    readBack[1], accepted.get() - readBack[0] - readBack[1], recoverySeconds, serves,
                    List.copyOf(timeline));
        }
    }

    private static void post(HttpClient http, HttpProbe probe, String stream, byte[] body, int priority,
            AtomicLong accepted, AtomicLong shed, AtomicLong rejected, AtomicLong failed, Queue<Ack> acks) {
        try {
            HttpResponse<String> response = http.send(HttpRequest
                .newBuilder(probe.uri("/api/streams/" + stream + "/chunks?priority=" + priority))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                Matcher matcher = SEQ.matcher(response.body());
                if (!matcher.find()) {
                    throw new IllegalStateException("An acknowledged chunk without a sequence number: " + response.body());
                }
                acks.add(new Ack(stream, Long.parseLong(matcher.group(1))));
                accepted.incrementAndGet();
            }
            else if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                shed.incrementAndGet();
            }
            else if (status == 429 || status == 503) {
                rejected.incrementAndGet();
            }
            else {
                failed.incrementAndGet();
            }
        }
        catch (IOException ex) {
            failed.incrementAndGet();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static double awaitRecovery(HttpProbe probe, long loadEnd) {
        if (probe.level() < 0) {
            return -1; // memguard is off: there is no level to recover
        }
        try {
            Awaitility.await("memguard back to NONE or LOW")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    int level = probe.level();
                    return level >= 0 && level <= 1;
                });
            return (System.nanoTime() - loadEnd) / 1e9;
        }
        catch (ConditionTimeoutException ex) {
            return -1;
        }
    }

    private static boolean servesNormally(HttpClient http, HttpProbe probe) {
        try {
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(probe.uri("/api/streams/after-load/chunks"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024]))
                .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> stream = http.send(HttpRequest.newBuilder(probe.uri("/api/streams/after-load")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return posted.statusCode() / 100 == 2 && stream.statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads every acknowledged chunk back: {readable, evicted}. */
    private long[] readBack(HttpClient http, HttpProbe probe, SampleAppProcess app, Queue<Ack> acks)
            throws InterruptedException {
        AtomicLong readable = new AtomicLong();
        AtomicLong evicted = new AtomicLong();
        if (!app.isAlive()) {
            return new long[] { 0, 0 };
        }
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(8, this.load.clients()));
        List<Ack> all = new ArrayList<>(acks);
        for (Ack ack : all) {
            readers.submit(() -> {
                try {
                    HttpResponse<byte[]> response = http.send(HttpRequest
                        .newBuilder(probe.uri("/api/streams/" + ack.stream() + "/chunks/" + ack.seq()))
                        .timeout(Duration.ofSeconds(30))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200 && response.body().length == this.load.chunkBytes()) {
                        readable.incrementAndGet();
                    }
                    else if (response.statusCode() == 410) {
                        evicted.incrementAndGet();
                    }
                }
                catch (IOException ex) {
                    // neither readable nor reported evicted: counted as lost
                }
                return null;
            });
        }
        readers.shutdown();
        readers.awaitTermination(10, TimeUnit.MINUTES);
        return new long[] { readable.get(), evicted.get() };
    }
}
