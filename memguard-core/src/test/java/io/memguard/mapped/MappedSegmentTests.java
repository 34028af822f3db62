package io.memguard.mapped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import io.memguard.mapped.MappedSegment.Advice;

class MappedSegmentTests {

    private static final int SIZE = 1 << 20;

    @TempDir
    Path directory;

    private Path file;

    @BeforeEach
    void writeFile() throws IOException {
        file = directory.resolve("data.bin");
        byte[] content = new byte[SIZE];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Files.write(file, content);
    }

    @Test
    void mapsAWholeFileAndReadsAndWritesThroughItsBuffer() throws IOException {
        try (MappedSegment segment = MappedSegment.map(file, MapMode.READ_WRITE)) {
            assertThat(segment.size()).isEqualTo(SIZE);
            assertThat(segment.mode()).isEqualTo(MapMode.READ_WRITE);
            assertThat(segment.buffer().get(300)).isEqualTo((byte) 300);
            segment.buffer().put(0, (byte) 99);
            segment.buffer().force();
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 99);
    }

    @Test
    void mapsARegionOfAChannel() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedSegment segment = MappedSegment.map(channel, MapMode.READ_ONLY, 4096, 8192);
            assertThat(segment.size()).isEqualTo(8192);
            assertThat(segment.buffer().get(0)).isEqualTo((byte) 4096);
        }
    }

    @Test
    void rejectsRegionsAndRangesOutsideTheSegmentNamingThem() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThatIllegalArgumentException().isThrownBy(() -> MappedSegment.map(channel, MapMode.READ_ONLY, -1, 1))
                    .withMessage("position must not be negative, was -1");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MappedSegment.map(channel, MapMode.READ_ONLY, 0, 1L << 31))
                    .withMessage("size must be from 0 to 2147483647 bytes, was 2147483648");
        }
        MappedSegment segment = MappedSegment.map(file, MapMode.READ_ONLY);
        assertThatIllegalArgumentException().isThrownBy(() -> segment.prefetch(SIZE - 10, 11))
                .withMessage("offset 1048566 and length 11 must lie inside the segment of 1048576 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> segment.advise(Advice.RANDOM, -1, 1));
    }

    @Test
    void aClosedSegmentCannotBeUsed() throws IOException {
        MappedSegment segment = MappedSegment.map(file, MapMode.READ_ONLY);
        segment.close();
        assertThatIllegalStateException().isThrownBy(segment::buffer).withMessage("This mapped segment is closed");
        assertThatIllegalStateException().isThrownBy(() -> segment.advise(Advice.SEQUENTIAL));
    }

    @Nested
    @EnabledForJreRange(max = JRE.JAVA_21)
    class BeforeJava22 {

        @Test
        void everyHintIsADocumentedNoOp() throws IOException {
            for (Advice advice : Advice.values()) {
                assertThat(MappedSegment.supported(advice)).as("%s", advice).isFalse();
            }
            assertThat(MappedSegment.platform()).startsWith("no-op: madvise needs Linux and JDK 22 or later");
            try (MappedSegment segment = MappedSegment.map(file, MapMode.READ_ONLY)) {
                assertThat(segment.advise(Advice.SEQUENTIAL)).isFalse();
                assertThat(segment.prefetch(0, 4096)).isFalse();
                assertThat(segment.freeLazy()).isFalse();
                assertThat(segment.buffer().get(5)).isEqualTo((byte) 5);
            }
        }
    }

    @Nested
    @EnabledForJreRange(min = JRE.JAVA_22)
    @EnabledOnOs(OS.LINUX)
    class OnLinuxWithJava22 {

        @Test
        void passesEachHintToMadviseAndTheDataSurvives() throws IOException {
            assertThat(MappedSegment.platform()).startsWith("madvise(2) through java.lang.foreign");
            try (MappedSegment segment = MappedSegment.map(file, MapMode.READ_ONLY)) {
                for (Advice advice : new Advice[] { Advice.SEQUENTIAL, Advice.RANDOM,
                        Advice.WILL_NEED, Advice.DONT_NEED, Advice.NORMAL }) {
                    assertThat(MappedSegment.supported(advice)).isTrue();
                    assertThat(segment.advise(advice)).as("%s", advice).isTrue();
                }
                assertThat(segment.prefetch(100, 5000)).as("an unaligned range is widened to pages").isTrue();
                assertThat(segment.buffer().get(SIZE - 1)).isEqualTo((byte) (SIZE - 1));
            }
        }

        @Test
        void freeLazyFallsBackFromFreeWhichFileMappingsRefuseAndKeepsTheData() throws IOException {
            try (MappedSegment segment = MappedSegment.map(file, MapMode.READ_WRITE)) {
                assertThat(segment.advise(Advice.FREE)).as("MADV_FREE is for anonymous memory only").isFalse();
                assertThat(segment.freeLazy()).isTrue();
                assertThat(segment.buffer().get(1234)).isEqualTo((byte) 1234);
            }
        }

        @Test
        void aPrivateMappingIsNeverToldDontNeedByFreeLazy() throws IOException {
            try (MappedSegment segment = MappedSegment.map(file, MapMode.PRIVATE)) {
                segment.buffer().put(0, (byte) 42);
                segment.freeLazy();
                assertThat(segment.buffer().get(0)).as("the private change survives").isEqualTo((byte) 42);
            }
        }
    }
}
