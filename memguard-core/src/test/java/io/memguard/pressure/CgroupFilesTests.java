package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class CgroupFilesTests {

    @TempDir
    Path dir;

    @Test
    void readsEveryLineOfAFileLargerThanTheReadBuffer() throws IOException {
        // 2,000 lines of 11 to 15 characters: about 28 KiB, three times the buffer, a line split at its end.
        List<String> lines = IntStream.range(0, 2000).mapToObj((i) -> "key" + i + " " + (i * 7919L)).toList();
        Path file = Files.write(dir.resolve("mountinfo"), lines);

        assertThat(Files.size(file)).isGreaterThan(3 * 8 * 1024);
        assertThat(CgroupFiles.readLines(file)).isEqualTo(lines);
        assertThat(CgroupFiles.keyed(CgroupFiles.readText(file), "key1999")).hasValue(1999 * 7919L);
    }

    @Test
    void readsAFileOfExactlyTheBufferSize() throws IOException {
        String line = "x".repeat(8 * 1024 - 1);
        Path file = Files.writeString(dir.resolve("exact"), line + "\n");

        assertThat(Files.size(file)).isEqualTo(8 * 1024);
        assertThat(CgroupFiles.readLines(file)).containsExactly(line);
    }

    @Test
    void readsNothingFromAnEmptyOrMissingFile() throws IOException {
        assertThat(CgroupFiles.readLines(Files.writeString(dir.resolve("empty"), ""))).isEmpty();
        assertThat(CgroupFiles.readLines(dir.resolve("missing"))).isEmpty();
        assertThat(CgroupFiles.number(CgroupFiles.readText(dir.resolve("missing")))).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readingAProcFileAllocatesLittleMoreThanItsText() {
        // The kernel reports a size of 0 for every proc and cgroup file, as for this one.
        Path file = Path.of("/proc/loadavg");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        CgroupFiles.readLines(file);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100; i++) {
            assertThat(CgroupFiles.readLines(file)).hasSize(1);
        }
        long perRead = (threads.getCurrentThreadAllocatedBytes() - before) / 100;

        // Files.readAllBytes began each such file with an 8 KiB array; opening it and its one line take far less.
        assertThat(perRead).isLessThan(4 * 1024);
    }

    @Test
    void splitsLinesAsStringLinesDoes() {
        for (String text : List.of("", "a", "a\n", "a\nb", "a\n\nb\n", "\n", "a\r\nb\rc\n", "a\r", "a\r\n\r\n",
                "some avg10=0.00 avg60=0.00\nfull avg10=0.00\n")) {
            assertThat(CgroupFiles.lines(text)).as(text.replace("\n", "\\n").replace("\r", "\\r"))
                    .isEqualTo(text.lines().toList());
        }
    }

    @Test
    void findsAKeyOnlyAtTheStartOfALineAndBeforeItsSeparator() {
        String stat = "total_inactive_file 7\nanon_inactive_file 5\ninactive_file_x 3\ninactive_file  11\r\nfile 2";

        assertThat(CgroupFiles.keyed(stat, "inactive_file")).hasValue(11);
        assertThat(CgroupFiles.keyed(stat, "total_inactive_file")).hasValue(7);
        assertThat(CgroupFiles.keyed(stat, "file")).hasValue(2);
        assertThat(CgroupFiles.keyed(stat, "anon")).isEmpty();
        assertThat(CgroupFiles.keyed("inactive_file x\n", "inactive_file")).isEmpty();
        assertThat(CgroupFiles.keyed("", "inactive_file")).isEmpty();
        assertThat(CgroupFiles.lineValue("MemTotal:  24683664 kB\nMemFree:  1 kB", "MemFree", ':')).isEqualTo("1 kB");
        assertThat(CgroupFiles.lineValue("MemTotal:  24683664 kB", "Mem", ':')).isNull();
    }
}
