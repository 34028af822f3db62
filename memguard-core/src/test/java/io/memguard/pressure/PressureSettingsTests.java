package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.PressureSettings.PressureThresholds;

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
        assertThat(settings.liveSetMeasurementPauseShare()).isEqualTo(0.1);
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
                .fastFromLevel(MemoryPressureLevel.HIGH).fastRiseRate(0.1).leadTime(Duration.ofMillis(750))
                .liveSetMeasurementPauseShare(0.25).build();
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void signalSetsAreImmutableCopies() {
        EnumSet<MemorySignal> none = EnumSet.noneOf(MemorySignal.class);
        PressureSettings settings = new PressureSettings(Duration.ofSeconds(1), 0.05, PressureThresholds.DEFAULT,
                PressureThresholds.PSI_SOME_DEFAULT, PressureThresholds.PSI_FULL_DEFAULT, none, none, false,
                Duration.ofSeconds(1), PressureThresholds.GC_OVERHEAD_DEFAULT, Duration.ofSeconds(10), true,
                Duration.ofSeconds(3), 0.1, Duration.ofMillis(100), MemoryPressureLevel.MODERATE, 0.02,
                Duration.ofSeconds(2));
        none.add(MemorySignal.HEAP);
        assertThat(settings.enabledSignals()).isEmpty();
        assertThat(settings.toBuilder().signalEnabled(MemorySignal.PSI, true).build().enabledSignals())
                .containsExactly(MemorySignal.PSI);
    }

    @Test
    void intervalMustBePositive() {
        assertInvalid(builder -> builder.interval(Duration.ZERO), "interval must be positive, was PT0S");
        assertInvalid(builder -> builder.interval(Duration.ofSeconds(-1)), "interval must be positive, was PT-1S");
        assertMissing(builder -> builder.interval(null), "interval");
    }

    @Test
    void fastPollingSettingsAreChecked() {
        assertInvalid(builder -> builder.fastInterval(Duration.ZERO), "fastInterval must be positive, was PT0S");
        assertMissing(builder -> builder.fastInterval(null), "fastInterval");
        assertInvalid(builder -> builder.fastFromLevel(MemoryPressureLevel.NONE),
                "fastFromLevel must be LOW to CRITICAL, was NONE");
        assertMissing(builder -> builder.fastFromLevel(null), "fastFromLevel");
        assertInvalid(builder -> builder.fastRiseRate(0), "fastRiseRate must be positive, was 0");
        assertInvalid(builder -> builder.fastRiseRate(Double.NaN), "fastRiseRate must be positive, was NaN");
    }

    @Test
    void leadTimeIsZeroOrPositive() {
        assertInvalid(builder -> builder.leadTime(Duration.ofMillis(-1)),
                "leadTime must be zero or positive, was PT-0.001S");
        assertMissing(builder -> builder.leadTime(null), "leadTime");
        assertThat(PressureSettings.builder().leadTime(Duration.ZERO).build().leadTime()).isZero();
        assertThat(PressureSettings.defaults().leadTime()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void cooldownMustBePositive() {
        assertInvalid(builder -> builder.gcHintCooldown(Duration.ofMillis(-5)), "gcHintCooldown must be positive");
    }

    @Test
    void thresholdsMustBeRatiosInOpenZeroToOne() {
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0, 0.75, 0.85, 0.95)),
                "thresholds.low must be in (0,1], was 0");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, 0.75, 0.85, 1.2)),
                "thresholds.critical must be in (0,1], was 1.2");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, Double.NaN, 0.85, 0.95)),
                "thresholds.moderate must be in (0,1], was NaN");
        PressureSettings criticalAtOne = PressureSettings.builder()
                .thresholds(new PressureThresholds(0.6, 0.75, 0.85, 1.0)).build();
        assertThat(criticalAtOne.thresholds().critical()).isEqualTo(1.0);
    }

    @Test
    void thresholdsMustBeStrictlyIncreasing() {
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.6, 0.75, 0.75, 0.95)),
                "thresholds.high (0.75) must be greater than thresholds.moderate (0.75)");
        assertInvalid(builder -> builder.psiSomeThresholds(new PressureThresholds(0.3, 0.2, 0.35, 0.5)),
                "psiSomeThresholds.moderate (0.2) must be greater than psiSomeThresholds.low (0.3)");
        assertInvalid(builder -> builder.psiFullThresholds(new PressureThresholds(0.06, 0.12, 0.4, 0.35)),
                "psiFullThresholds.critical (0.35) must be greater than psiFullThresholds.high (0.4)");
    }

    @Test
    void theSmallestGapIsTheLowestOfTheNarrowestPairsCountingLowFromZero() {
        PressureThresholds.Gap tie = new PressureThresholds(0.25, 0.5, 0.625, 0.75).smallestGap();
        assertThat(tie).isEqualTo(new PressureThresholds.Gap(MemoryPressureLevel.HIGH, 0.125));
        assertThat(tie.lower()).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(tie.increases()).isTrue();
        assertThat(tie.leavesRoomFor(0.124)).isTrue();
        assertThat(tie.leavesRoomFor(0.125)).isFalse();
        PressureThresholds.Gap fromZero = new PressureThresholds(0.125, 0.5, 0.75, 1.0).smallestGap();
        assertThat(fromZero).isEqualTo(new PressureThresholds.Gap(MemoryPressureLevel.LOW, 0.125));
        assertThat(fromZero.lower()).isEqualTo(MemoryPressureLevel.NONE);
        PressureThresholds.Gap outOfOrder = new PressureThresholds(0.5, 0.25, 0.75, 1.0).smallestGap();
        assertThat(outOfOrder).isEqualTo(new PressureThresholds.Gap(MemoryPressureLevel.MODERATE, -0.25));
        assertThat(outOfOrder.increases()).isFalse();
        assertThat(new PressureThresholds(0.5, 0.5, 0.75, 1.0).smallestGap().increases()).isFalse();
    }

    @Test
    void hysteresisMustBeSmallerThanTheSmallestGap() {
        assertInvalid(builder -> builder.hysteresis(0.10).signalEnabled(MemorySignal.PSI, false)
                .signalEnabled(MemorySignal.GC_OVERHEAD, false),
                "hysteresis (0.1) must be smaller than the smallest gap of thresholds (0.1)");
        assertInvalid(builder -> builder.hysteresis(-0.01), "hysteresis must be at least 0, was -0.01");
        assertInvalid(builder -> builder.thresholds(new PressureThresholds(0.04, 0.5, 0.7, 0.9))
                .signalEnabled(MemorySignal.PSI, false).signalEnabled(MemorySignal.GC_OVERHEAD, false),
                "hysteresis (0.05) must be smaller than the smallest gap of thresholds (0.04)");
    }

    @Test
    void psiThresholdsBoundTheHysteresisOnlyWhilePsiIsEnabled() {
        assertInvalid(builder -> builder.hysteresis(0.07).signalEnabled(MemorySignal.GC_OVERHEAD, false),
                "hysteresis (0.07) must be smaller than the smallest gap of psiFullThresholds (0.06)");
        PressureSettings withoutPsi = PressureSettings.builder().hysteresis(0.07)
                .signalEnabled(MemorySignal.PSI, false).signalEnabled(MemorySignal.GC_OVERHEAD, false).build();
        assertThat(withoutPsi.hysteresis()).isEqualTo(0.07);
    }

    @Test
    void gcOverheadThresholdsAndWindowAreChecked() {
        assertInvalid(builder -> builder.gcOverheadThresholds(new PressureThresholds(0.1, 0.3, 0.2, 0.5)),
                "gcOverheadThresholds.high (0.2) must be greater than gcOverheadThresholds.moderate (0.3)");
        assertInvalid(builder -> builder.gcOverheadWindow(Duration.ZERO), "gcOverheadWindow must be positive, was PT0S");
        assertInvalid(builder -> builder.liveSetMeasurementInterval(Duration.ofSeconds(-1)),
                "liveSetMeasurementInterval must be positive");
        assertInvalid(builder -> builder.liveSetMeasurementPauseShare(1.0),
                "liveSetMeasurementPauseShare must be 0 (off) or more and below 1, was 1");
        assertInvalid(builder -> builder.liveSetMeasurementPauseShare(-0.1),
                "liveSetMeasurementPauseShare must be 0 (off) or more and below 1, was -0.1");
        assertInvalid(builder -> builder.liveSetMeasurementPauseShare(Double.NaN),
                "liveSetMeasurementPauseShare must be 0 (off) or more and below 1, was NaN");
        assertThat(PressureSettings.builder().liveSetMeasurementPauseShare(0).build().liveSetMeasurementPauseShare())
                .isZero();
        assertInvalid(builder -> builder.signalEnabled(MemorySignal.PSI, false).hysteresis(0.07),
                "hysteresis (0.07) must be smaller than the smallest gap of gcOverheadThresholds (0.06)");
        assertThat(PressureSettings.builder().gcOverheadThresholds(new PressureThresholds(0.1, 0.3, 0.5, 0.7))
                .gcOverheadWindow(Duration.ofSeconds(30)).build().toBuilder().build().gcOverheadWindow())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void zeroHysteresisIsAllowed() {
        assertThat(PressureSettings.builder().hysteresis(0).build().hysteresis()).isZero();
    }

    private static void assertInvalid(UnaryOperator<PressureSettings.Builder> change, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> change.apply(PressureSettings.builder()).build())
                .withMessageContaining(message);
    }

    private static void assertMissing(UnaryOperator<PressureSettings.Builder> change, String parameter) {
        assertThatNullPointerException()
                .isThrownBy(() -> change.apply(PressureSettings.builder()).build())
                .withMessage(parameter);
    }
}
