package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.OverLimitAction;

class QuotaConfigurationTests {

    @Test
    void streamLimitsAreCopiedAndChecked() {
        Map<String, Long> limits = new HashMap<>(Map.of("a", 10L));
        QuotaConfiguration configuration = configuration(limits, Duration.ofSeconds(1));
        limits.put("b", 20L);

        assertThat(configuration.streamLimits()).containsOnlyKeys("a");
        assertThatIllegalArgumentException().isThrownBy(() -> configuration(Map.of("x", 0L), null))
                .withMessage("limit of stream 'x' must be positive, was 0");
    }

    @Test
    void theMaintenanceIntervalIsOptionalButPositive() {
        assertThat(configuration(Map.of(), null).maintenanceInterval()).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> configuration(Map.of(), Duration.ofSeconds(-1)))
                .withMessage("maintenanceInterval must be a positive duration, was PT-1S");
    }

    @Test
    void theEvictionHeadroomIsAFractionOfTheStreamLimitUpToHalf() {
        assertThat(configuration(0.05).evictionHeadroomBytes(1_000)).isEqualTo(50);
        assertThat(configuration(0.0).evictionHeadroomBytes(1_000)).isZero();
        assertThat(configuration(0.5).evictionHeadroomBytes(1_001)).isEqualTo(500);
        for (double wrong : new double[] { -0.01, 0.51, Double.NaN }) {
            assertThatIllegalArgumentException().isThrownBy(() -> configuration(wrong))
                    .withMessageStartingWith("evictionHeadroom must be a fraction of the stream's limit in [0, 0.5], was "
                            + wrong);
            assertThatIllegalArgumentException().isThrownBy(() -> QuotaController.builder().evictionHeadroom(wrong))
                    .withMessageStartingWith("evictionHeadroom must be");
        }
    }

    private static QuotaConfiguration configuration(Map<String, Long> streamLimits, Duration maintenanceInterval) {
        return configuration(streamLimits, maintenanceInterval, 0.0);
    }

    private static QuotaConfiguration configuration(double evictionHeadroom) {
        return configuration(Map.of(), null, evictionHeadroom);
    }

    private static QuotaConfiguration configuration(Map<String, Long> streamLimits, Duration maintenanceInterval,
            double evictionHeadroom) {
        return new QuotaConfiguration(100, 0.80, 0.95, 0.98, 10, streamLimits, List.of("default"),
                OverLimitAction.EVICT, EvictionPolicy.lru(), evictionHeadroom, Duration.ZERO, false, null, null, 0,
                Duration.ofMinutes(1), maintenanceInterval);
    }
}
