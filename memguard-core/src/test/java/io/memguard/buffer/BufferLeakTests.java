package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.buffer.BufferPool.BufferLeak;

class BufferLeakTests {

    @Test
    void describesARecordedOriginFrameByFrame() {
        StackTraceElement frame = new StackTraceElement("com.example.Handler", "handle", "Handler.java", 42);
        BufferLeak leak = new BufferLeak(16384, true, true, "worker-1", List.of(frame));

        assertThat(leak.originRecorded()).isTrue();
        assertThat(leak.describe())
                .startsWith("A 16384-byte direct pooled buffer was garbage collected while acquired")
                .contains("acquired by thread 'worker-1' at:")
                .endsWith("\tat com.example.Handler.handle(Handler.java:42)");
    }

    @Test
    void saysHowToRecordTheOriginWhenItWasNot() {
        BufferLeak leak = new BufferLeak(5000, false, false, null, List.of());

        assertThat(leak.originRecorded()).isFalse();
        assertThat(leak.describe()).contains("5000-byte heap unpooled buffer")
                .contains("memguard.buffer-pool.leak-detection.level=paranoid");
    }

    @Test
    void keepsItsOwnCopyOfTheFrames() {
        List<StackTraceElement> frames = new ArrayList<>();
        frames.add(new StackTraceElement("A", "b", null, 1));
        BufferLeak leak = new BufferLeak(1, true, false, "t", frames);
        frames.clear();
        assertThat(leak.acquiredAt()).hasSize(1);
    }
}
