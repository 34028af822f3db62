package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

    private static QuotaConfiguration configuration(Map<String, Long> streamLimits, Duration maintenanceInterval) {
        return new QuotaConfiguration(100, QuotaThresholds.DEFAULTS, 10, streamLimits, List.of("default"),
                OverLimitAction.EVICT, EvictionPolicy.lru(), Duration.ZERO, false, null, null, 0,
                Duration.ofMinutes(1), maintenanceInterval);
    }
}
