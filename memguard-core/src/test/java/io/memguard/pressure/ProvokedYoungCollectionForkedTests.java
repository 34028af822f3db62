package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The provoker against a real G1 heap with explicit collections disabled, in a forked JVM with a small heap: it makes a
 * young collection happen, and that collection gives back the old-generation regions of dead humongous arrays, which
 * is what lets the heap-after-gc signal (bounded by the old generation's current use) fall.
 */
class ProvokedYoungCollectionForkedTests {

    private static final Pattern RESULT = Pattern
            .compile("available=(\\w+) collected=(\\w+) oldBefore=(\\d+) oldAfter=(\\d+)");

    private static final int HUMONGOUS_ARRAYS = 4;

    private static final int HUMONGOUS_BYTES = 4 << 20;

    @Test
    void aProvokedYoungCollectionHappensAndReclaimsDeadHumongousArrays() throws Exception {
        String output = runForked(List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:G1HeapRegionSize=1m",
                "-XX:+DisableExplicitGC", "-Xlog:gc"));
        Matcher result = RESULT.matcher(output);
        assertThat(result.find()).as(output).isTrue();
        assertThat(result.group(1)).as(output).isEqualTo("true");
        assertThat(result.group(2)).as("a young collection was seen: " + output).isEqualTo("true");
        long before = Long.parseLong(result.group(3));
        long after = Long.parseLong(result.group(4));
        assertThat(before).as("the dead humongous arrays sit in G1 Old Gen: " + output)
                .isGreaterThanOrEqualTo((long) HUMONGOUS_ARRAYS * HUMONGOUS_BYTES);
        assertThat(before - after).as("the young collection gave their regions back: " + output)
                .isGreaterThanOrEqualTo((long) HUMONGOUS_ARRAYS * HUMONGOUS_BYTES);
    }

    @Test
    void isNotOfferedUnderTheParallelCollector() throws Exception {
        String output = runForked(List.of("-Xmx128m", "-XX:+UseParallelGC", "-XX:+DisableExplicitGC"), true);
        assertThat(output).contains("available=false");
    }

    private static String runForked(List<String> jvmOptions) throws IOException, InterruptedException {
        return runForked(jvmOptions, false);
    }

    private static String runForked(List<String> jvmOptions, boolean noG1) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                noG1 ? AvailabilityMain.class.getName() : ProvokedYoungCollectionMain.class.getName(),
                Integer.toString(HUMONGOUS_ARRAYS), Integer.toString(HUMONGOUS_BYTES)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(2, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("the forked JVM exited: " + output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Prints whether the running JVM offers a provoker. */
    public static final class AvailabilityMain {

        private AvailabilityMain() {
        }

        /**
         * Prints {@code available=...}.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            System.out.println("available=" + G1YoungCollectionProvoker.forRunningJvm().isAvailable());
        }
    }
}
