package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobalCountersTests {

    @Test
    void usageIsAllocatedMinusReleased() {
        GlobalCounters counters = new GlobalCounters();

        assertThat(counters.allocate(100)).isEqualTo(100);
        assertThat(counters.allocate(50)).isEqualTo(150);
        counters.release(30);

        assertThat(counters.used()).isEqualTo(120);
        assertThat(counters.allocatedTotal()).isEqualTo(150);
        assertThat(counters.releasedTotal()).isEqualTo(30);
    }
}
