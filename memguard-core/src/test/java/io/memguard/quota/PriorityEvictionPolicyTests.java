package io.memguard.quota;

import static io.memguard.quota.LruEvictionPolicyTests.entry;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityEvictionPolicyTests {

    private final EvictionPolicy policy = EvictionPolicy.priority(10);

    @Test
    void lowestPriorityFirstThenLeastRecentlyUsed() {
        assertThat(policy.compare(entry(0, 50, 1), entry(0, 10, 2))).isNegative();
        assertThat(policy.compare(entry(0, 10, 3), entry(0, 50, 3))).isNegative();
        assertThat(policy.name()).isEqualTo("priority");
    }

    @Test
    void prioritiesAboveTheProtectedOneAreKeptUnlessCritical() {
        assertThat(policy.mayEvict(entry(0, 0, 10), false)).isTrue();
        assertThat(policy.mayEvict(entry(0, 0, 11), false)).isFalse();
        assertThat(policy.mayEvict(entry(0, 0, 11), true)).isTrue();
        assertThat(((PriorityEvictionPolicy) policy).protectedPriority()).isEqualTo(10);
    }
}
