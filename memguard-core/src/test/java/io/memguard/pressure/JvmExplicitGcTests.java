package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class JvmExplicitGcTests {

    @Test
    void explicitGcIsEnabledByDefault() throws Exception {
        assertThat(runWith("-XX:-DisableExplicitGC")).isEqualTo("disabled=false");
    }

    @Test
    void readsDisableExplicitGc() throws Exception {
        assertThat(runWith("-XX:+DisableExplicitGC")).isEqualTo("disabled=true");
    }

    @Test
    void inThisJvmTheFlagAndTheAnswerAgree() {
        assertThat(new JvmExplicitGc().isDisabled()).isEqualTo("true".equals(VmOptions.value("DisableExplicitGC")));
    }

    /** Starts a JVM with the flag and asks it; a flag cannot be changed in a running JVM. */
    private static String runWith(String flag) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", flag, "-cp",
                System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    /** The child JVM. */
    public static final class Main {

        public static void main(String[] args) {
            System.out.println("disabled=" + new JvmExplicitGc().isDisabled());
        }
    }
}
