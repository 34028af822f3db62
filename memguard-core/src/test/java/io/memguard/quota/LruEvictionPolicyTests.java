package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruEvictionPolicyTests {

    @Test
    void leastRecentlyAccessedFirstThenOldestFirst() {
        EvictionPolicy lru = EvictionPolicy.lru();

        assertThat(lru.compare(entry(0, 10, 0), entry(0, 20, 0))).isNegative();
        assertThat(lru.compare(entry(0, 20, 0), entry(0, 10, 0))).isPositive();
        assertThat(lru.compare(entry(1, 10, 0), entry(2, 10, 0))).isNegative();
        assertThat(lru.compare(entry(1, 10, 5), entry(1, 10, 0))).as("priority does not matter").isZero();
        assertThat(lru.mayEvict(entry(0, 0, Integer.MAX_VALUE), false)).isTrue();
        assertThat(lru.name()).isEqualTo("lru");
    }

    @Test
    void nanoTimesAreComparedSoThatTheyMayWrap() {
        assertThat(EvictionPolicy.lru().compare(entry(0, Long.MAX_VALUE, 0), entry(0, Long.MIN_VALUE, 0)))
                .as("MIN_VALUE comes one nanosecond after MAX_VALUE").isNegative();
    }

    static QuotaEntrySnapshot entry(long created, long lastAccess, int priority) {
        return new QuotaEntrySnapshot("s", "k", "default", 1, priority, created, lastAccess);
    }
}
