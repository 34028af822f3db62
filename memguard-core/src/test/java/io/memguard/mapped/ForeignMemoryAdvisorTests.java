package io.memguard.mapped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import io.memguard.mapped.MappedSegment.Advice;

class ForeignMemoryAdvisorTests {

    private static final int EINVAL = 22;

    @TempDir
    Path directory;

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    @EnabledOnOs(OS.LINUX)
    void madviseReturnsZeroForAHintTheKernelTakesAndErrnoForOneItRefuses() throws IOException {
        MemoryAdvisor advisor = ForeignMemoryAdvisor.create().orElseThrow();
        MappedByteBuffer buffer = map(3 * 4096 + 17);

        assertThat(advisor.advise(buffer, 0, buffer.capacity(), Advice.SEQUENTIAL)).isZero();
        assertThat(advisor.advise(buffer, 4097, 100, Advice.WILL_NEED)).isZero();
        assertThat(advisor.advise(buffer, 0, buffer.capacity(), Advice.FREE)).isEqualTo(EINVAL);
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_21)
    void isAbsentBeforeJava22() {
        assertThat(ForeignMemoryAdvisor.create()).isEmpty();
    }

    @Test
    void theNoOpAdvisorSupportsNothingAndSaysWhy() throws IOException {
        MemoryAdvisor advisor = new NoOpMemoryAdvisor("no native access here");
        assertThat(advisor.supported(Advice.WILL_NEED)).isFalse();
        assertThat(advisor.advise(map(4096), 0, 4096, Advice.WILL_NEED)).isEqualTo(MemoryAdvisor.UNSUPPORTED);
        assertThat(advisor.description()).isEqualTo("no-op: no native access here");
    }

    private MappedByteBuffer map(int size) throws IOException {
        Path file = Files.write(directory.resolve("advice.bin"), new byte[size]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(MapMode.READ_ONLY, 0, size);
        }
    }
}
