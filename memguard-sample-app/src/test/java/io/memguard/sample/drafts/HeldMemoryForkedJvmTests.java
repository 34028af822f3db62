package io.memguard.sample.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.sample.demo.ForkedSampleApp;

/**
 * Ordinary requests that each hold 256 KiB for 30 s ({@code POST /api/drafts}), sent for 25 s at a rate whose held
 * memory comes to about 1.3 times the heap, to the sample app in a child JVM at {@code -Xmx96m} and {@code -Xmx256m},
 * with nothing that makes an idle JVM collect. First with memguard off: the app dies of {@code OutOfMemoryError}
 * ({@code -XX:+ExitOnOutOfMemoryError}) or stops answering. Then with memguard at its defaults: no
 * {@code OutOfMemoryError}, the liveness probe answers within 2 s every second, HIGH or CRITICAL is published before
 * the first full collection the heap forces, and refusals end within 5 s of the held memory expiring.
 *
 * <p>Each run is bounded: the load lasts {@link #LOAD}, a draft is held {@link #HOLD}; loopback only. Prints its
 * figures ({@code held-memory ...} lines) for the record, and keeps each run's GC log and output in
 * {@code target/held-memory}.
 */
class HeldMemoryForkedJvmTests {

    private static final Duration HOLD = Duration.ofSeconds(30);

    private static final Duration LOAD = Duration.ofSeconds(25);

    /** Full collections in a G1 log with {@code time} decoration, such as {@code Pause Full (G1 Compaction Pause)}. */
    private static final Pattern FULL_COLLECTION = Pattern.compile("^\\[([^\\]]+)\\].*Pause Full \\((.+?)\\) \\d");

    private static final Pattern LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"([A-Z]+)\"");

    /** The app's log line of a level change ({@code PressureChangeLogger}), stamped when the change was published. */
    private static final Pattern PUBLISHED_HIGH = Pattern
            .compile("^(\\S+)\\s+INFO .*Memory pressure changed from \\S+ to (HIGH|CRITICAL)", Pattern.MULTILINE);

    private static final Pattern PUBLISHED_CRITICAL = Pattern
            .compile("^(\\S+)\\s+INFO .*Memory pressure changed from \\S+ to CRITICAL", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The runs' GC logs and app output stay here for whoever investigates. */
    private static final Path OUT = Path.of("target", "held-memory");

    @ParameterizedTest(name = "-Xmx{0}m at {1} requests/s")
    @CsvSource({ "96, 20", "256, 52" })
    void memguardKeepsAliveAnAppThatHeldMemoryKillsWithout(int heapMebibytes, int perSecond) throws Exception {
        Run unguarded = run("unguarded-" + heapMebibytes, heapMebibytes, perSecond, false);
        System.out.println("held-memory " + unguarded);
        assertThat(unguarded.died() || unguarded.hung())
                .as("without memguard the load kills the app (else raise the rate): %s", unguarded).isTrue();

        Run guarded = run("guarded-" + heapMebibytes, heapMebibytes, perSecond, true);
        System.out.println("held-memory " + guarded);
        String diagnosis = diagnosis("guarded-" + heapMebibytes);
        System.out.println(diagnosis);
        assertThat(guarded.died()).as("with memguard the app lives: %s%n%s", guarded, diagnosis).isFalse();
        assertThat(guarded.outOfMemory()).as("no OutOfMemoryError in the app's output%n%s", diagnosis).isFalse();
        assertThat(guarded.slowestProbe()).as("every liveness probe answered within 2s").isLessThan(
                Duration.ofSeconds(2));
        assertThat(guarded.missedProbes()).as("liveness probes that failed or timed out").isZero();
        assertThat(guarded.publishedHighOrCritical()).as("HIGH or CRITICAL published").isNotNull();
        if (guarded.firstForcedFullCollection() != null) {
            assertThat(guarded.publishedHighOrCritical()).as("HIGH or CRITICAL before the first forced full collection")
                    .isBefore(guarded.firstForcedFullCollection());
        }
        assertThat(guarded.servedAfterExpiry()).as("refusals after the held memory expired")
                .isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    private Run run(String name, int heapMebibytes, int perSecond, boolean memguard) throws Exception {
        Files.createDirectories(OUT);
        Path gcLog = OUT.resolve(name + "-gc.log");
        List<String> jvm = List.of("-Xmx" + heapMebibytes + "m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1", "-Xlog:gc:file=" + gcLog + ":time");
        List<String> arguments = List.of("--memguard.enabled=" + memguard, "--sample.drafts.hold-time=" + HOLD);
        try (ForkedSampleApp app = ForkedSampleApp.startAsIs(OUT.resolve(name + ".log"), jvm, arguments)) {
            Observer observer = new Observer(app, memguard);
            Instant lastHeld = drive(app, perSecond, observer);
            Duration servedAfterExpiry = null;
            if (memguard && app.isAlive()) {
                Instant expired = lastHeld.plus(HOLD);
                Instant served = awaitServed(app, expired.plusSeconds(30));
                // Negative: refusals had ended before the last held draft expired.
                servedAfterExpiry = (served != null) ? Duration.between(expired, served) : Duration.ofDays(1);
            }
            observer.stop();
            String output = app.output();
            return new Run(name, !app.isAlive(), observer.hung(),
                    output.contains("java.lang.OutOfMemoryError"), observer.slowest(), observer.missed(),
                    firstPublished(PUBLISHED_HIGH, output), firstPublished(PUBLISHED_CRITICAL, output),
                    observer.firstHighOrCritical(),
                    firstForcedFullCollection(gcLog), fullCollections(gcLog, false), fullCollections(gcLog, true),
                    servedAfterExpiry, observer.held.get(), observer.refused.get(), observer.failed.get());
        }
    }

    /** Sends the drafts at a fixed rate for {@link #LOAD}; returns when the last one was held. */
    private Instant drive(ForkedSampleApp app, int perSecond, Observer observer) throws InterruptedException {
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<Instant> lastHeld = new AtomicReference<>(Instant.now());
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/drafts?kib=256"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        AtomicInteger inFlight = new AtomicInteger();
        sender.scheduleAtFixedRate(() -> {
            inFlight.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    inFlight.decrementAndGet();
                    if (failure != null) {
                        observer.failed.incrementAndGet();
                    }
                    else if (response.statusCode() == 201) {
                        observer.held.incrementAndGet();
                        lastHeld.accumulateAndGet(Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                    else if (response.statusCode() == 503) {
                        observer.refused.incrementAndGet();
                    }
                    else {
                        observer.failed.incrementAndGet();
                    }
                });
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        long end = System.nanoTime() + LOAD.toNanos();
        await("the load's end, or the app dead or hung").atMost(LOAD.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() >= end || !app.isAlive() || observer.hung());
        sender.shutdownNow();
        // Requests in flight answer or fail within their 10 s timeout.
        await("the requests in flight answered").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> inFlight.get() == 0);
        return lastHeld.get();
    }

    /** When an ordinary request is served again (not refused), polled every 250 ms until {@code deadline}. */
    private Instant awaitServed(ForkedSampleApp app, Instant deadline) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/drafts"))
                .timeout(Duration.ofSeconds(2)).build();
        AtomicReference<Instant> served = new AtomicReference<>();
        try {
            await("an ordinary request served again")
                    .atMost(Duration.ofMillis(Math.max(1, Duration.between(Instant.now(), deadline).toMillis())))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (!app.isAlive()) {
                            return true;
                        }
                        try {
                            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                                served.set(Instant.now());
                                return true;
                            }
                        }
                        catch (IOException ex) {
                            // not served: try again
                        }
                        return false;
                    });
        }
        catch (ConditionTimeoutException never) {
            // Never served before the deadline: the caller reports it.
        }
        return served.get();
    }

    /**
     * What an investigator of a failed run on another machine needs from the files kept in {@link #OUT}: the app's
     * level changes, and the collections from the first full collection on (or the last ones), from the GC log.
     */
    private static String diagnosis(String name) throws IOException {
        StringBuilder text = new StringBuilder(name).append(" level changes:\n");
        Path log = OUT.resolve(name + ".log");
        if (Files.exists(log)) {
            Files.readAllLines(log).stream().filter((line) -> line.contains("Memory pressure changed"))
                    .limit(20).forEach((line) -> text.append("  ").append(line).append('\n'));
        }
        Path gcLog = OUT.resolve(name + "-gc.log");
        if (Files.exists(gcLog)) {
            List<String> pauses = Files.readAllLines(gcLog).stream().filter((line) -> line.contains("Pause")).toList();
            int firstFull = 0;
            while (firstFull < pauses.size() && !pauses.get(firstFull).contains("Pause Full")) {
                firstFull++;
            }
            int from = Math.max(0, Math.min(firstFull, pauses.size()) - 25);
            text.append(name).append(" collections:\n");
            pauses.subList(from, Math.min(pauses.size(), from + 40))
                    .forEach((line) -> text.append("  ").append(line).append('\n'));
        }
        return text.toString();
    }

    private static Instant firstPublished(Pattern levelChange, String output) {
        Matcher matcher = levelChange.matcher(output);
        return matcher.find() ? OffsetDateTime.parse(matcher.group(1)).toInstant() : null;
    }

    private static long fullCollections(Path gcLog, boolean explicit) throws IOException {
        if (!Files.exists(gcLog)) {
            return 0;
        }
        return Files.readAllLines(gcLog).stream().map(FULL_COLLECTION::matcher).filter(Matcher::find)
                .filter((matcher) -> matcher.group(2).equals("System.gc()") == explicit).count();
    }

    private static Instant firstForcedFullCollection(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return null;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher matcher = FULL_COLLECTION.matcher(line);
            // memguard's own measurements (System.gc()) are asked for, not forced by a heap running out.
            if (matcher.find() && !matcher.group(2).equals("System.gc()")) {
                return OffsetDateTime.parse(matcher.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"))
                        .toInstant();
            }
        }
        return null;
    }

    /**
     * Watches the app from outside while it runs: a liveness probe every second (2 s timeout), and, with memguard on,
     * the level every 250 ms.
     */
    private final class Observer {

        final AtomicLong held = new AtomicLong();

        final AtomicLong refused = new AtomicLong();

        final AtomicLong failed = new AtomicLong();

        private final ForkedSampleApp app;

        private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2);

        private final AtomicLong slowestNanos = new AtomicLong();

        private final AtomicInteger missed = new AtomicInteger();

        private final AtomicInteger missedInARow = new AtomicInteger();

        private final AtomicReference<Instant> firstHighOrCritical = new AtomicReference<>();

        Observer(ForkedSampleApp app, boolean memguard) {
            this.app = app;
            HttpRequest liveness = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/health/liveness"))
                    .timeout(Duration.ofSeconds(2)).build();
            probes.scheduleAtFixedRate(() -> probe(liveness), 0, 1, TimeUnit.SECONDS);
            if (memguard) {
                HttpRequest memory = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/memory"))
                        .timeout(Duration.ofSeconds(2)).build();
                probes.scheduleAtFixedRate(() -> level(memory), 0, 250, TimeUnit.MILLISECONDS);
            }
        }

        private void probe(HttpRequest liveness) {
            if (!app.isAlive()) {
                return;
            }
            long start = System.nanoTime();
            boolean answered;
            try {
                answered = http.send(liveness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            }
            catch (IOException | InterruptedException ex) {
                answered = false;
            }
            slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            if (answered) {
                missedInARow.set(0);
            }
            else if (app.isAlive()) {
                missed.incrementAndGet();
                missedInARow.incrementAndGet();
            }
        }

        private void level(HttpRequest memory) {
            try {
                HttpResponse<String> response = http.send(memory, HttpResponse.BodyHandlers.ofString());
                Matcher matcher = LEVEL.matcher(response.body());
                if (matcher.find() && (matcher.group(1).equals("HIGH") || matcher.group(1).equals("CRITICAL"))) {
                    firstHighOrCritical.compareAndSet(null, Instant.now());
                }
            }
            catch (IOException | InterruptedException ex) {
                // the liveness probe judges whether the app answers
            }
        }

        /** Five liveness probes in a row unanswered by a running JVM: the app hangs. */
        boolean hung() {
            return missedInARow.get() >= 5;
        }

        Duration slowest() {
            return Duration.ofNanos(slowestNanos.get());
        }

        int missed() {
            return missed.get();
        }

        Instant firstHighOrCritical() {
            return firstHighOrCritical.get();
        }

        void stop() {
            probes.shutdownNow();
        }
    }

    /**
     * What one run showed.
     */
    private record Run(String name, boolean died, boolean hung, boolean outOfMemory, Duration slowestProbe,
            int missedProbes, Instant publishedHighOrCritical, Instant publishedCritical,
            Instant observedHighOrCritical, Instant firstForcedFullCollection, long forcedFullCollections, long explicitFullCollections,
            Duration servedAfterExpiry, long held, long refused, long failed) {
    }
}
