package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaController.RateLimit;

/** The builder: defaults, and every bad argument named. */
class QuotaControllerTests {

    @Test
    void theDefaultsAreHalfTheHeapAndTheDocumentedValues() {
        try (QuotaController controller = QuotaController.builder().build()) {
            QuotaConfiguration configuration = controller.configuration();

            assertThat(configuration.globalLimitBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
            assertThat(new double[] { configuration.softThreshold(), configuration.hardThreshold(),
                    configuration.criticalThreshold() }).containsExactly(0.80, 0.95, 0.98);
            assertThat(configuration.defaultStreamLimitBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(configuration.streamLimits()).isEmpty();
            assertThat(configuration.components()).containsExactly("default");
            assertThat(configuration.overLimitAction()).isEqualTo(OverLimitAction.EVICT);
            assertThat(configuration.evictionPolicy()).isSameAs(EvictionPolicy.lru());
            assertThat(configuration.minimumRetention()).isZero();
            assertThat(configuration.minimumRetentionAtCritical()).isFalse();
            assertThat(configuration.streamRateLimit()).isNull();
            assertThat(configuration.globalRateLimit()).isNull();
            assertThat(configuration.leakThresholdBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(configuration.leakWindow()).isEqualTo(Duration.ofMinutes(5));
            assertThat(configuration.maintenanceInterval()).isNull();
        }
    }

    @Test
    void theGlobalLimitIsARatioOfTheMaxHeapOrBytesWhicheverWasSetLast() {
        long maxHeap = Runtime.getRuntime().maxMemory();

        assertThat(QuotaController.builder().globalLimitRatio(0.25).build().configuration().globalLimitBytes())
                .isEqualTo((long) Math.floor(0.25 * maxHeap));
        assertThat(QuotaController.builder().globalLimitRatio(0.25).globalLimit(1_000).build().configuration()
                .globalLimitBytes()).isEqualTo(1_000);
        assertThat(QuotaController.builder().globalLimit(1_000).globalLimitRatio(0.25).build().configuration()
                .globalLimitBytes()).isEqualTo((long) Math.floor(0.25 * maxHeap));
    }

    @Test
    void everySettingIsApplied() {
        EvictionPolicy policy = EvictionPolicy.priority(3);
        QuotaConfiguration configuration = QuotaController.builder()
                .globalLimit(1_000_000)
                .thresholds(0.5, 0.6, 0.7)
                .defaultStreamLimit(10_000)
                .streamLimit("vip", 20_000)
                .components("frames", "gop")
                .overLimitAction(OverLimitAction.REJECT)
                .evictionPolicy(policy)
                .evictionHeadroom(0.1)
                .minimumRetention(Duration.ofSeconds(3))
                .minimumRetentionAtCritical(true)
                .streamRateLimit(new RateLimit(100, 10))
                .globalRateLimit(new RateLimit(1_000, 100))
                .leakDetection(5_000, Duration.ofMinutes(2))
                .backgroundExecutor(Runnable::run)
                .build()
                .configuration();

        assertThat(configuration).isEqualTo(new QuotaConfiguration(1_000_000, 0.5, 0.6, 0.7,
                10_000, java.util.Map.of("vip", 20_000L), java.util.List.of("frames", "gop"), OverLimitAction.REJECT,
                policy, 0.1, Duration.ofSeconds(3), true, new RateLimit(100, 10), new RateLimit(1_000, 100), 5_000,
                Duration.ofMinutes(2), null));
        assertThat(configuration.streamLimitBytes("vip")).isEqualTo(20_000);
        assertThat(configuration.streamLimitBytes("other")).isEqualTo(10_000);
        assertThat(configuration.softBytes()).isEqualTo(500_000);
        assertThat(configuration.hardBytes()).isEqualTo(600_000);
        assertThat(configuration.criticalBytes()).isEqualTo(700_000);
    }

    @Test
    void badArgumentsAreNamed() {
        QuotaController.Builder builder = QuotaController.builder();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.globalLimit(0))
                .withMessage("globalLimit must be positive, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.globalLimitRatio(1.5))
                .withMessage("globalLimitRatio must be a ratio of the max heap in (0, 1], was 1.5; use for example "
                        + "0.5 for half the heap");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.defaultStreamLimit(-1))
                .withMessage("defaultStreamLimit must be positive, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.streamLimit("vip", 0))
                .withMessage("limit of stream 'vip' must be positive, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.components("a", "a"))
                .withMessage("components must be unique, but 'a' is declared twice in [a, a]");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.components(" "))
                .withMessage("components must not contain a blank name, were [ ]");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.components())
                .withMessage("components must name at least one component, such as 'default'");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.minimumRetention(Duration.ofSeconds(-1)))
                .withMessage("minimumRetention must not be negative, was PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.leakDetection(-1, Duration.ofSeconds(1)))
                .withMessage("leakThreshold must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.leakDetection(1, Duration.ZERO))
                .withMessage("leakWindow must be a positive duration, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maintenanceInterval(Duration.ZERO))
                .withMessage("maintenanceInterval must be a positive duration, was PT0S");
        assertThat(builder.build().configuration().components()).as("nothing half-applied").containsExactly("default");
    }
}
