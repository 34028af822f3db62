package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.RateLimit;

class RateLimitTests {

    @Test
    void rateAndBurstMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(0, 1))
                .withMessage("bytesPerSecond must be positive, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1, -1))
                .withMessage("burstBytes must be positive, was -1; use at least the largest single allocation you "
                        + "expect");
    }
}
