package io.memguard.pressure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KernelFileTests {

    @TempDir
    Path dir;

    @Test
    void readsTheTextAsItIsAtEachReadOfAFileRewrittenInPlace() throws IOException {
        Path path = Files.writeString(dir.resolve("memory.usage_in_bytes"), "1000\n");
        try (KernelFile file = new KernelFile(path)) {
            assertThat(file.read()).isEqualTo("1000\n");

            Files.writeString(path, "20\n");
            assertThat(file.read()).isEqualTo("20\n");

            Files.writeString(path, "300000\n");
            assertThat(file.read()).isEqualTo("300000\n");
        }
    }

    @Test
    void readsAMissingFileAsEmptyAndTheFileOnceItAppears() throws IOException {
        Path path = dir.resolve("memory.stat");
        try (KernelFile file = new KernelFile(path)) {
            assertThat(file.read()).isEmpty();

            Files.writeString(path, "inactive_file 7\n");
            assertThat(file.read()).isEqualTo("inactive_file 7\n");
        }
    }

    @Test
    void readsAFileLargerThanTheReadBufferWhole() throws IOException {
        String text = "key value\n".repeat(3_000);
        Path path = Files.writeString(dir.resolve("mountinfo"), text);
        try (KernelFile file = new KernelFile(path)) {
            assertThat(file.read()).isEqualTo(text);
            assertThat(file.read()).isEqualTo(text);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void keepsOneDescriptorOpenBetweenReadsAndReleasesItOnClose() throws IOException {
        Path path = Files.writeString(dir.resolve("memory.current"), "1\n");
        long before = OpenDescriptors.on(path);
        KernelFile file = new KernelFile(path);

        file.read();
        file.read();
        assertThat(OpenDescriptors.on(path)).isEqualTo(before + 1);

        file.close();
        assertThat(OpenDescriptors.on(path)).isEqualTo(before);
        // After close a read still reads, without keeping the file open.
        Files.writeString(path, "2\n");
        assertThat(file.read()).isEqualTo("2\n");
        assertThat(OpenDescriptors.on(path)).isEqualTo(before);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsAProcFileAfreshFromTheKeptDescriptor() {
        // The kernel writes this file's text when it is read from its start: the run time of this thread, in ns.
        Path schedstat = Path.of("/proc/thread-self/schedstat");
        try (KernelFile file = new KernelFile(schedstat)) {
            long first = runNanos(file.read());
            long second = first;
            long spent = 0;
            // The kernel counts run time at its ticks: work until it has (a few milliseconds), for 10 s at most.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (second == first && System.nanoTime() - deadline < 0) {
                for (int i = 0; i < 100_000; i++) {
                    spent += Integer.toString(i).length();
                }
                second = runNanos(file.read());
            }

            assertThat(spent).isPositive();
            assertThat(first).isPositive();
            assertThat(second).isGreaterThan(first);
        }
    }

    private static long runNanos(String schedstat) {
        return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
    }
}
