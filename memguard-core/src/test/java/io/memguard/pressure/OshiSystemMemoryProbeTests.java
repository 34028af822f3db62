package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OshiSystemMemoryProbeTests {

    @Test
    void readsHostMemoryAndSwap() {
        SystemMemory system = new OshiSystemMemoryProbe().read().orElseThrow();
        assertThat(system.totalBytes()).isGreaterThan(Runtime.getRuntime().totalMemory());
        assertThat(system.availableBytes()).isPositive().isLessThanOrEqualTo(system.totalBytes());
        assertThat(system.swapTotalBytes()).isNotNegative();
        assertThat(system.swapUsedBytes()).isNotNegative().isLessThanOrEqualTo(system.swapTotalBytes());
    }
}
