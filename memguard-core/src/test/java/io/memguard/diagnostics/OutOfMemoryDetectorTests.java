package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfMemoryDetectorTests {

    private static final Duration TICK = Duration.ofMillis(10);

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T21:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void aHeapExhaustedAndSwallowedInAPoolThreadIsDetected() throws Exception {
        String output = runChild("heap");
        assertThat(output).contains("swallowed: java.lang.OutOfMemoryError: Java heap space")
                .contains("detected: the JVM wrote its out-of-memory heap dump");
    }

    @Test
    void anArrayOverTheVmLimitSwallowedInAPoolThreadIsDetected() throws Exception {
        String output = runChild("array");
        assertThat(output).contains("swallowed: java.lang.OutOfMemoryError: Requested array size exceeds VM limit")
                .contains("detected: the JVM wrote its out-of-memory heap dump");
    }

    @Test
    void aHeapDumpTurnedOnInTheRunningJvmIsSeenToo() throws Exception {
        Path dumps = directory.resolve("dumps");
        String output = runChild("-cp", System.getProperty("java.class.path"), Child.class.getName(), "heap",
                dumps.toString());
        assertThat(output).contains("enabled: true").contains("swallowed: java.lang.OutOfMemoryError: Java heap space")
                .contains("detected: the JVM wrote its out-of-memory heap dump " + dumps.resolve("java_pid"));
    }

    @Test
    void aHeapDumpSetOnTheCommandLineIsKept() throws Exception {
        String output = runChild("-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + directory, "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), "heap",
                directory.resolve("elsewhere").toString());
        assertThat(output).contains("enabled: false")
                .contains("detected: the JVM wrote its out-of-memory heap dump " + directory.resolve("java_pid"));
        assertThat(directory.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void theHeapDumpFileIsSeenWhenItAppears() throws IOException {
        Path dump = directory.resolve("java_pid42.hprof");
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, dump, TICK)) {
            List<OutOfMemoryDetector.Detection> seen = new CopyOnWriteArrayList<>();
            detector.addListener(seen::add);
            Files.writeString(directory.resolve("unrelated.txt"), "x");
            Files.writeString(dump, "JAVA PROFILE 1.0.2");

            await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
            assertThat(seen).singleElement().satisfies(detection -> {
                assertThat(detection.detectedAt()).isEqualTo(CLOCK.instant());
                assertThat(detection.evidence()).contains(dump.toString());
            });
            assertThat(detector.detections()).isOne();
            assertThat(detector.watchedHeapDump()).contains(dump);
        }
    }

    @Test
    void aReportedErrorIsPassedOnAndTheFirstIsKept() {
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, null, TICK)) {
            List<OutOfMemoryDetector.Detection> seen = new ArrayList<>();
            detector.addListener(seen::add);
            assertThat(detector.firstDetection()).isEmpty();

            detector.report(new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory"));
            detector.report(new OutOfMemoryError("unable to create native thread"));

            assertThat(seen).hasSize(2);
            assertThat(detector.detections()).isEqualTo(2);
            assertThat(detector.firstDetection()).get().extracting(OutOfMemoryDetector.Detection::evidence).asString()
                    .contains("direct buffer memory");
            assertThat(detector.watchedHeapDump()).isEmpty();
        }
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillHear() {
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, null, TICK)) {
            List<OutOfMemoryDetector.Detection> seen = new ArrayList<>();
            detector.addListener(detection -> {
                throw new IllegalStateException("boom");
            });
            detector.addListener(seen::add);

            detector.report(new OutOfMemoryError());

            assertThat(seen).hasSize(1);
            assertThat(detector.listenerFailures()).isOne();
        }
    }

    @Test
    void aRemovedListenerHearsNothing() {
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, null, TICK)) {
            List<OutOfMemoryDetector.Detection> seen = new ArrayList<>();
            Consumer<OutOfMemoryDetector.Detection> listener = seen::add;
            detector.addListener(listener);
            detector.removeListener(listener);

            detector.report(new OutOfMemoryError());

            assertThat(seen).isEmpty();
            assertThat(detector.detections()).isOne();
        }
    }

    @Test
    void rejectsNulls() {
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, null, TICK)) {
            assertThatNullPointerException().isThrownBy(() -> detector.report(null)).withMessage("error");
            assertThatNullPointerException().isThrownBy(() -> detector.addListener(null)).withMessage("listener");
        }
        assertThatNullPointerException().isThrownBy(() -> new OutOfMemoryDetector(null, null, TICK)).withMessage("clock");
    }

    @Test
    void anOldDumpFileIsNoSignAndIsNotWatched() throws IOException {
        Path dump = Files.writeString(directory.resolve("java_pid1.hprof"), "from the last run");
        try (OutOfMemoryDetector detector = new OutOfMemoryDetector(CLOCK, dump, TICK)) {
            assertThat(detector.watchedHeapDump()).isEmpty();
            assertThat(detector.detections()).isZero();
        }
    }

    @Test
    void rejectsANonPositiveCheckInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutOfMemoryDetector(CLOCK, Duration.ZERO))
                .withMessage("checkInterval must be positive, was PT0S");
    }

    @Test
    void namesTheDumpFileAsHotSpotDoes() {
        assertThat(OutOfMemoryHeapDump.dumpFile("", 7))
                .isEqualTo(Path.of("java_pid7.hprof").toAbsolutePath());
        assertThat(OutOfMemoryHeapDump.dumpFile(directory.toString(), 7))
                .isEqualTo(directory.resolve("java_pid7.hprof"));
        assertThat(OutOfMemoryHeapDump.dumpFile(directory.resolve("dump-%p.hprof").toString(), 7))
                .isEqualTo(directory.resolve("dump-7.hprof"));
    }

    /** Starts a JVM that writes a heap dump on OutOfMemoryError; a swallowed error is all it shows. */
    private String runChild(String kind) throws IOException, InterruptedException {
        return runChild("-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + directory, "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), kind);
    }

    private String runChild(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx32m", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The child JVM: a pool thread runs out of memory and swallows the error. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            if (args.length > 1) {
                System.out.println("enabled: " + OutOfMemoryHeapDump.enable(Path.of(args[1])));
            }
            try (OutOfMemoryDetector detector = new OutOfMemoryDetector(Clock.systemUTC())) {
                CountDownLatch detected = new CountDownLatch(1);
                detector.addListener(detection -> {
                    System.out.println("detected: " + detection.evidence());
                    detected.countDown();
                });
                ExecutorService pool = Executors.newSingleThreadExecutor();
                pool.submit(() -> exhaust(args[0])).get();
                pool.shutdown();
                if (!detected.await(60, TimeUnit.SECONDS)) {
                    System.out.println("not detected");
                }
            }
        }

        private static void exhaust(String kind) {
            try {
                if (kind.equals("array")) {
                    System.out.println(new long[Integer.MAX_VALUE].length);
                }
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                    hoard.add(new long[1 << 16]);
                }
            }
            catch (OutOfMemoryError swallowed) {
                System.out.println("swallowed: " + swallowed);
            }
        }
    }
}
