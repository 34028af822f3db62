package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.EnumSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class PressureSettingsTests {

    @Test
    void defaultsAreThoseDocumented() {
        PressureSettings settings = PressureSettings.defaults();
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.hysteresis()).isEqualTo(0.05);
        assertThat(settings.thresholds()).isEqualTo(new PressureThresholds(0.60, 0.75, 0.85, 0.95));
        assertThat(settings.psiSomeThresholds()).isEqualTo(new PressureThresholds(0.10, 0.20, 0.35, 0.50));
        assertThat(settings.psiFullThresholds()).isEqualTo(new PressureThresholds(0.06, 0.12, 0.20, 0.35));
        assertThat(settings.enabledSignals()).containsExactlyInAnyOrder(MemorySignal.values());
        assertThat(settings.drivingSignals()).containsExactlyInAnyOrder(MemorySignal.HEAP_AFTER_GC, MemorySignal.DIRECT,
                MemorySignal.CONTAINER, MemorySignal.PSI, MemorySignal.GC_OVERHEAD);
        assertThat(settings.gcHintEnabled()).isFalse();
        assertThat(settings.gcHintCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.gcOverheadThresholds()).isEqualTo(new PressureThresholds(0.06, 0.12, 0.20, 0.30));
        assertThat(settings.gcOverheadWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.liveSetMeasurementEnabled()).isTrue();
        assertThat(settings.liveSetMeasurementInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void heapAndSystemAreReportedButDoNotDrive() {
        PressureSettings settings = PressureSettings.defaults();
        assertThat(settings.isEnabled(MemorySignal.HEAP)).isTrue();
        assertThat(settings.drivesLevel(MemorySignal.HEAP)).isFalse();
        assertThat(settings.drivesLevel(MemorySignal.SYSTEM)).isFalse();
        assertThat(settings.drivesLevel(MemorySignal.HEAP_AFTER_GC)).isTrue();
    }

    @Test
    void aDisabledSignalDoesNotDriveEvenIfListedAsDriving() {
        PressureSettings settings = PressureSettings.builder().signalEnabled(MemorySignal.CONTAINER, false).build();
        assertThat(settings.drivingSignals()).contains(MemorySignal.CONTAINER);
        assertThat(settings.drivesLevel(MemorySignal.CONTAINER)).isFalse();
        assertThat(settings.isEnabled(MemorySignal.CONTAINER)).isFalse();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        PressureSettings settings = PressureSettings.builder().interval(Duration.ofMillis(250)).hysteresis(0.02)
                .thresholds(new PressureThresholds(0.5, 0.6, 0.7, 0.8))
                .psiSomeThresholds(new PressureThresholds(0.2, 0.3, 0.4, 0.5))
                .psiFullThresholds(new PressureThresholds(0.1, 0.2, 0.3, 0.4))
                .signalEnabled(MemorySignal.SYSTEM, false).signalDrivesLevel(MemorySignal.HEAP, true)
                .gcHintEnabled(true).gcHintCooldown(Duration.ofMinutes(2)).fastInterval(Duration.ofMillis(50))
                .fastFromLevel(MemoryPressureLevel.HIGH).fastRiseRate(0.1).leadTime(Duration.ofMillis(750)).build();
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void signalSetsAreImmutableCopies() {
        EnumSet<MemorySignal> none = EnumSet.noneOf(MemorySignal.class);
        PressureSettings settings = new PressureSettings(Duration.ofSeconds(1), 0.05, PressureThresholds.DEFAULT,
                PressureThresholds.PSI_SOME_DEFAULT, PressureThresholds.PSI_FULL_DEFAULT, none, none, false,
                Duration.ofSeconds(1), PressureThresholds.GC_OVERHEAD_DEFAULT, Duration.ofSeconds(10), true,
                Duration.ofSeconds(3), Duration.ofMillis(100), MemoryPressureLevel.MODERATE, 0.02,
                Duration.ofSeconds(2));
        none.add(MemorySignal.HEAP);
        assertThat(settings.enabledSignals()).isEmpty();
        assertThat(settings.toBuilder().signalEnabled(MemorySignal.PSI, true).build().enabledSignals())
                .containsExactly(MemorySignal.PSI);
    }

    @Test
    void intervalMustBePositive() {
        assertInvalid(builder -> builder.interval(Duration.ZERO), "pressure.interval",
                "pressure.interval must be a positive duration, was PT0S");
        assertInvalid(builder -> builder.interval(Duration.ofSeconds(-1)), "pressure.interval",
                "pressure.interval must be a positive duration, was PT-1S");
        assertInvalid(builder -> builder.interval(null), "pressure.interval", "pressure.interval must be set");
    }

    @Test
    void fastPollingSettingsAreChecked() {
        assertInvalid(builder -> builder.fastInterval(Duration.ZERO), "pressure.fast-interval",
                "pressure.fast-interval must be a positive duration, was PT0S");
        assertInvalid(builder -> builder.fastInterval(null), "pressure.fast-interval",
                "pressure.fast-interval must be set");
        assertInvalid(builder -> builder.fastFromLevel(MemoryPressureLevel.NONE), "pressure.fast-from-level",
                "pressure.fast-from-level must be low, moderate, high or critical, was none");
        assertInvalid(builder -> builder.fastFromLevel(null), "pressure.fast-from-level",
                "pressure.fast-from-level must be set");
        assertInvalid(builder -> builder.fastRiseRate(0), "pressure.fast-rise-rate",
                "pressure.fast-rise-rate must be a positive ratio per second, was 0");
        assertInvalid(builder -> builder.fastRiseRate(Double.NaN), "pressure.fast-rise-rate",
                "pressure.fast-rise-rate must be a positive ratio per second, was NaN");
    }

    @Test
    void leadTimeIsZeroOrPositive() {
        assertInvalid(builder -> builder.leadTime(Duration.ofMillis(-1)), "pressure.lead-time",
                "pressure.lead-time must be zero or a positive duration, was PT-0.001S");
        assertInvalid(builder -> builder.leadTime(null), "pressure.lead-time", "pressure.lead-time must be set");
        assertThat(PressureSettings.builder().leadTime(Duration.ZERO).build().leadTime()).isZero();
        assertThat(PressureSettings.defaults().leadTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void cooldownMustBePositive() {
        assertInvalid(builder -> builder.gcHintCooldown(Duration.ofMillis(-5)), "gc.cooldown",
                "gc.cooldown must be a positive duration");
    }

    @Test
    void thresholdsMustBeRatiosInOpenZeroToOne() {
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0, 0.75, 0.85, 0.95)),
                "pressure.thresholds.low", "pressure.thresholds.low must be a ratio in (0,1], was 0");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, 0.75, 0.85, 1.2)),
                "pressure.thresholds.critical", "pressure.thresholds.critical must be a ratio in (0,1], was 1.2");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, Double.NaN, 0.85, 0.95)),
                "pressure.thresholds.moderate", "pressure.thresholds.moderate must be a ratio in (0,1], was NaN");
        PressureSettings criticalAtOne = PressureSettings.builder()
                .thresholds(new PressureThresholds(0.6, 0.75, 0.85, 1.0)).build();
        assertThat(criticalAtOne.thresholds().critical()).isEqualTo(1.0);
    }

    @Test
    void thresholdsMustBeStrictlyIncreasing() {
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, 0.75, 0.75, 0.95)),
                "pressure.thresholds.high", "pressure.thresholds.high (0.75) must be greater than "
                        + "pressure.thresholds.moderate (0.75): thresholds must be strictly increasing");
        assertInvalid(builder -> builder.psiSomeThresholds(new PressureThresholds(0.3, 0.2, 0.35, 0.5)),
                "pressure.psi.some.moderate", "pressure.psi.some.moderate (0.2) must be greater than "
                        + "pressure.psi.some.low (0.3)");
        assertInvalid(builder -> builder.psiFullThresholds(new PressureThresholds(0.06, 0.12, 0.4, 0.35)),
                "pressure.psi.full.critical", "pressure.psi.full.critical (0.35) must be greater than "
                        + "pressure.psi.full.high (0.4)");
    }

    @Test
    void hysteresisMustBeSmallerThanTheSmallestGap() {
        assertInvalid(builder -> builder.hysteresis(0.10).signalEnabled(MemorySignal.PSI, false)
                .signalEnabled(MemorySignal.GC_OVERHEAD, false), "pressure.hysteresis",
                "pressure.hysteresis (0.1) must be smaller than the smallest gap between thresholds, but "
                        + "pressure.thresholds.high (0.85) is only 0.1 above pressure.thresholds.moderate");
        assertInvalid(builder -> builder.hysteresis(-0.01), "pressure.hysteresis",
                "pressure.hysteresis must be at least 0, was -0.01");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.04, 0.5, 0.7, 0.9))
                .signalEnabled(MemorySignal.PSI, false).signalEnabled(MemorySignal.GC_OVERHEAD, false),
                "pressure.hysteresis", "pressure.thresholds.low (0.04) is only 0.04 above 0");
    }

    @Test
    void psiThresholdsBoundTheHysteresisOnlyWhilePsiIsEnabled() {
        assertInvalid(builder -> builder.hysteresis(0.07).signalEnabled(MemorySignal.GC_OVERHEAD, false),
                "pressure.hysteresis",
                "but pressure.psi.full.low (0.06) is only 0.06 above 0; lower pressure.hysteresis or widen the "
                        + "thresholds");
        PressureSettings withoutPsi = PressureSettings.builder().hysteresis(0.07)
                .signalEnabled(MemorySignal.PSI, false).signalEnabled(MemorySignal.GC_OVERHEAD, false).build();
        assertThat(withoutPsi.hysteresis()).isEqualTo(0.07);
    }

    @Test
    void gcOverheadThresholdsAndWindowAreChecked() {
        assertInvalid(builder -> builder.gcOverheadThresholds(new PressureThresholds(0.1, 0.3, 0.2, 0.5)),
                "pressure.gc-overhead.thresholds.high", "pressure.gc-overhead.thresholds.high (0.2) must be greater "
                        + "than pressure.gc-overhead.thresholds.moderate (0.3)");
        assertInvalid(builder -> builder.gcOverheadWindow(Duration.ZERO), "pressure.gc-overhead.window",
                "pressure.gc-overhead.window must be a positive duration, was PT0S");
        assertInvalid(builder -> builder.liveSetMeasurementInterval(Duration.ofSeconds(-1)),
                "pressure.live-set.measurement-interval", "must be a positive duration");
        assertInvalid(builder -> builder.signalEnabled(MemorySignal.PSI, false).hysteresis(0.07),
                "pressure.hysteresis", "but pressure.gc-overhead.thresholds.low (0.06) is only 0.06 above 0");
        assertThat(PressureSettings.builder().gcOverheadThresholds(new PressureThresholds(0.1, 0.3, 0.5, 0.7))
                .gcOverheadWindow(Duration.ofSeconds(30)).build().toBuilder().build().gcOverheadWindow())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void zeroHysteresisIsAllowed() {
        assertThat(PressureSettings.builder().hysteresis(0).build().hysteresis()).isZero();
    }

    private static void assertInvalid(UnaryOperator<PressureSettings.Builder> change, String setting,
            String message) {
        assertThatExceptionOfType(InvalidPressureSettingException.class)
                .isThrownBy(() -> change.apply(PressureSettings.builder()).build())
                .withMessageContaining(message)
                .satisfies(ex -> assertThat(ex.setting()).isEqualTo(setting));
    }
}
