package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaCountersTests {

    private final GlobalCounters global = new GlobalCounters();
    private final QuotaCounters counters = new QuotaCounters(global);

    @Test
    void rolledBackBytesAreNeitherAllocatedNorReleased() {
        global.allocate(100);
        global.allocate(50);
        global.release(50);
        counters.recordRollback(50);

        assertThat(counters.allocatedBytes()).isEqualTo(100);
        assertThat(counters.releasedBytes()).isZero();
    }

    @Test
    void totalsNeverGoBackwardsWhileARollbackIsHalfWay() {
        global.allocate(100);
        assertThat(counters.allocatedBytes()).isEqualTo(100);
        // a rollback recorded before its global release: allocated minus rolled back dips for an instant
        counters.recordRollback(100);

        assertThat(counters.allocatedBytes()).isEqualTo(100);
    }

    @Test
    void slowPathCountersAreKeptByKind() {
        counters.recordEviction(EvictionReason.GLOBAL_SOFT, 10);
        counters.recordEviction(EvictionReason.GLOBAL_SOFT, 20);
        counters.recordRejection(QuotaRejection.Limit.GLOBAL);
        counters.recordThrottled();
        counters.recordSuspectedLeak();
        counters.recordCallbackFailure();
        counters.allocationRate(12.5);

        assertThat(counters.evictions(EvictionReason.GLOBAL_SOFT)).isEqualTo(2);
        assertThat(counters.evictedBytes(EvictionReason.GLOBAL_SOFT)).isEqualTo(30);
        assertThat(counters.evictions(EvictionReason.GLOBAL_HARD)).isZero();
        assertThat(counters.rejections(QuotaRejection.Limit.GLOBAL)).isEqualTo(1);
        assertThat(counters.rejections(QuotaRejection.Limit.STREAM)).isZero();
        assertThat(counters.throttled()).isEqualTo(1);
        assertThat(counters.suspectedLeaks()).isEqualTo(1);
        assertThat(counters.callbackFailures()).isEqualTo(1);
        assertThat(counters.allocationRate()).isEqualTo(12.5);
    }
}
