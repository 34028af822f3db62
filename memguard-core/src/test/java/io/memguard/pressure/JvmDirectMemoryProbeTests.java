package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.DirectMemory;

class JvmDirectMemoryProbeTests {

    @Test
    void limitIsTheFlagWhenSet() {
        assertThat(JvmDirectMemoryProbe.limitOf("67108864", 1024)).isEqualTo(67108864);
    }

    @Test
    void limitIsTheMaximumHeapWhenTheFlagIsZeroOrUnreadable() {
        assertThat(JvmDirectMemoryProbe.limitOf("0", 1024)).isEqualTo(1024);
        assertThat(JvmDirectMemoryProbe.limitOf(null, 1024)).isEqualTo(1024);
        assertThat(JvmDirectMemoryProbe.limitOf("lots", 1024)).isEqualTo(1024);
        assertThat(JvmDirectMemoryProbe.limitOf("0", Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void readsTheDirectBufferPoolOfThisJvm() {
        JvmDirectMemoryProbe probe = new JvmDirectMemoryProbe();
        DirectMemory before = probe.read().orElseThrow();
        ByteBuffer buffer = ByteBuffer.allocateDirect(4 * 1024 * 1024);
        DirectMemory during = probe.read().orElseThrow();
        assertThat(during.usedBytes() - before.usedBytes()).isGreaterThanOrEqualTo(buffer.capacity());
        assertThat(during.bufferCount()).isGreaterThan(before.bufferCount());
        assertThat(during.limitBytes()).isEqualTo(JvmDirectMemoryProbe
                .limitOf(VmOptions.value("MaxDirectMemorySize"), Runtime.getRuntime().maxMemory()));
        assertThat(buffer.capacity()).isPositive();
    }

    @Test
    void absentWithoutADirectPool() {
        assertThat(new JvmDirectMemoryProbe(null, 100).read()).isEmpty();
    }
}
