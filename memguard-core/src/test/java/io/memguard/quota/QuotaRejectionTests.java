package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaRejectionTests {

    @Test
    void theExcessIsWhatGoesOverTheLimitAndNeverNegative() {
        assertThat(new QuotaRejection(QuotaRejection.Limit.STREAM, "s", 300, 900, 1_000).excessBytes()).isEqualTo(200);
        assertThat(new QuotaRejection(QuotaRejection.Limit.GLOBAL, "s", 0, 900, 1_000).excessBytes()).isZero();
    }

    @Test
    void theMessageSaysWhichLimitAndByHowMuchInReadableUnits() {
        assertThat(new QuotaRejection(QuotaRejection.Limit.STREAM, "cam", 3 << 20, 63 << 20, 64 << 20).describe())
                .isEqualTo("stream 'cam' would exceed its limit of 64 MiB by 2 MiB (63 MiB used, 3 MiB "
                        + "requested) and no more of its entries could be evicted");
        assertThat(new QuotaExceededException(new QuotaRejection(QuotaRejection.Limit.GLOBAL, "cam", 1 << 20, 1_000 << 20,
                1_000 << 20)).getMessage())
                .isEqualTo("allocation of 1 MiB for stream 'cam' refused: global quota usage 1000 MiB plus 1 MiB "
                        + "would exceed its critical threshold of 1000 MiB by 1 MiB");
    }

    @Test
    void limitIdsAreForTagsAndJson() {
        assertThat(QuotaRejection.Limit.STREAM.id()).isEqualTo("stream");
        assertThat(QuotaRejection.Limit.GLOBAL.id()).isEqualTo("global");
        assertThat(EvictionReason.PRESSURE_CRITICAL.id()).isEqualTo("pressure-critical");
    }
}
