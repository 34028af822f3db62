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

    @Test
    void anAllocationsReadingIsHighByTheBytesReleasedSinceTheLastRefreshNeverLow() {
        GlobalCounters counters = new GlobalCounters();
        counters.allocate(100);
        counters.release(100);

        assertThat(counters.allocate(10)).as("the 100 released bytes are not subtracted yet").isEqualTo(110);
        assertThat(counters.used()).isEqualTo(10);

        assertThat(counters.tryRefreshReleasedSeen(5)).as("exact, but above the ceiling").isEqualTo(10);
        assertThat(counters.allocate(1)).as("not remembered above the ceiling").isEqualTo(111);

        assertThat(counters.tryRefreshReleasedSeen(1_000)).isEqualTo(11);
        assertThat(counters.allocate(1)).as("remembered at or below the ceiling").isEqualTo(12);
        assertThat(counters.allocatedTotal()).isEqualTo(112);
        assertThat(counters.releasedTotal()).isEqualTo(100);
    }
}
