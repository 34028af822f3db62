package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class QuotaThresholdsTests {

    @Test
    void thresholdsMustIncreaseStrictly() {
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaThresholds(0.9, 0.85, 0.98))
                .withMessage("thresholds must increase strictly, soft < hard < critical, but were soft=0.9, "
                        + "hard=0.85, critical=0.98; lower the earlier threshold or raise the later one");
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaThresholds(0.8, 0.95, 0.95));
    }

    @Test
    void thresholdsAreRatiosOfTheGlobalLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaThresholds(0, 0.5, 0.6))
                .withMessage("soft threshold must be a ratio of the global limit in (0, 1], was 0.0; use for "
                        + "example 0.8 for 80%");
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaThresholds(0.5, 0.6, 1.01))
                .withMessageStartingWith("critical threshold must be");
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaThresholds(0.5, Double.NaN, 0.9))
                .withMessageStartingWith("hard threshold must be");
        assertThat(new QuotaThresholds(0.5, 0.9, 1.0).critical()).isEqualTo(1.0);
    }

    @Test
    void thresholdBytesAreRoundedDown() {
        assertThat(QuotaThresholds.bytesOf(0.98, 999)).isEqualTo(979);
    }
}
