import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Held memory filling the heap fast, two builds of the sample app compared: each run starts one sample jar at
 * {@code -Xmx256m} (G1, {@code -XX:+ExitOnOutOfMemoryError}, a GC log), sends {@code POST /api/drafts?kib=256} (each
 * held 30 s) at a fixed rate for a fixed time, and prints one Markdown row: whether the app lived, the seconds from its
 * first HIGH to its first CRITICAL (from its own log), the full collections G1 was forced into ({@code Pause Full (G1
 * Compaction Pause)}) before that CRITICAL and in the whole run, and the answers by status. The jars take turns, run
 * after run, so that a machine slowing down weighs on both. Loopback only; every child JVM is stopped before the next.
 *
 * <pre>
 * java scripts/HeldDrafts.java before=/tmp/before.jar after=memguard-sample-app/target/memguard-sample-app-0.1.0-SNAPSHOT.jar
 * java -Druns=4 -Drate=52 -Dseconds=40 -Dheap=256 scripts/HeldDrafts.java ...   # the defaults
 * </pre>
 *
 * The fleet's pressure ({@code scripts/fleet.sh}) is this load; {@code HeldMemoryForkedJvmTests} asserts on it.
 */
public final class HeldDrafts {

    private static final int PORT = 18182;

    private static final Pattern HIGH = Pattern.compile("^(\\S+)\\s+INFO .*Memory pressure changed from \\S+ to HIGH",
            Pattern.MULTILINE);

    private static final Pattern CRITICAL = Pattern
            .compile("^(\\S+)\\s+INFO .*Memory pressure changed from \\S+ to CRITICAL", Pattern.MULTILINE);

    private static final Pattern COMPACTION = Pattern
            .compile("^\\[(\\S+)\\].*Pause Full \\(G1 Compaction Pause\\).*ms$", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java scripts/HeldDrafts.java <label>=<sample jar> [<label>=<sample jar>...]");
            System.exit(2);
        }
        int runs = Integer.getInteger("runs", 4);
        int rate = Integer.getInteger("rate", 52);
        int seconds = Integer.getInteger("seconds", 40);
        int heap = Integer.getInteger("heap", 256);
        Path out = Files.createDirectories(Path.of("target", "held-drafts"));
        System.out.printf(Locale.ROOT, "%d runs of each, POST /api/drafts?kib=256 at %d/s for %d s, -Xmx%dm, %s%n%n",
                runs, rate, seconds, heap, Instant.now());
        System.out.println("| run | jar | lived | HIGH to CRITICAL (s) | forced full GCs before CRITICAL | in all | "
                + "answers |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int run = 1; run <= runs; run++) {
            for (String arg : args) {
                String[] labelAndJar = arg.split("=", 2);
                System.out.println(run(run, labelAndJar[0], Path.of(labelAndJar[1]), out, rate, seconds, heap));
            }
        }
    }

    private static String run(int run, String label, Path jar, Path out, int rate, int seconds, int heap)
            throws Exception {
        Path appLog = out.resolve(label + "-" + run + ".log");
        Path gcLog = out.resolve(label + "-" + run + "-gc.log");
        Process app = new ProcessBuilder("java", "-Xmx" + heap + "m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + gcLog + ":time", "-jar", jar.toString(), "--server.port=" + PORT,
                "--server.address=127.0.0.1").redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
        try {
            awaitStarted(app, appLog);
            String answers = drive(rate, seconds);
            boolean lived = app.isAlive();
            String log = Files.readString(appLog);
            Instant high = first(HIGH, log);
            Instant critical = first(CRITICAL, log);
            List<Instant> compactions = all(COMPACTION, Files.readString(gcLog));
            long before = compactions.stream().filter((at) -> critical == null || at.isBefore(critical)).count();
            String reaction = (high != null && critical != null)
                    ? String.format(Locale.ROOT, "%.1f", Duration.between(high, critical).toMillis() / 1000.0)
                    : "never";
            return String.format(Locale.ROOT, "| %d | %s | %s | %s | %d | %d | %s |", run, label,
                    lived ? "yes" : "**no**", reaction, before, compactions.size(), answers);
        }
        finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    private static void awaitStarted(Process app, Path log) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log) && Files.readString(log).contains("Started SampleApplication")) {
                return;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the sample app stopped before it started; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the sample app did not start within 60 s; see " + log);
    }

    /** Sends the drafts at a fixed rate; returns the answers by status, failures by exception. */
    private static String drive(int rate, int seconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest draft = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/drafts?kib=256"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
        Map<String, AtomicInteger> answers = new ConcurrentSkipListMap<>();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        sender.scheduleAtFixedRate(() -> http.sendAsync(draft, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> answers.computeIfAbsent(
                        (failure != null) ? failure.getClass().getSimpleName() : String.valueOf(response.statusCode()),
                        (key) -> new AtomicInteger()).incrementAndGet()),
                0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        sender.shutdownNow();
        // The last requests sent get their answer or their timeout.
        Thread.sleep(5_000);
        return answers.toString();
    }

    private static Instant first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? instant(matcher.group(1)) : null;
    }

    private static List<Instant> all(Pattern pattern, String text) {
        List<Instant> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(instant(matcher.group(1)));
        }
        return found;
    }

    /** An instant from a Spring Boot log ({@code 2026-12-07T05:14:02.899Z}) or a GC log's {@code time} decoration. */
    private static Instant instant(String stamp) {
        return OffsetDateTime.parse(stamp.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
    }

    private HeldDrafts() {
    }
}
