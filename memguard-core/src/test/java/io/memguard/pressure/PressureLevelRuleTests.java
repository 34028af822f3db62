package io.memguard.pressure;

import static io.memguard.pressure.MemoryPressureLevel.CRITICAL;
import static io.memguard.pressure.MemoryPressureLevel.HIGH;
import static io.memguard.pressure.MemoryPressureLevel.LOW;
import static io.memguard.pressure.MemoryPressureLevel.MODERATE;
import static io.memguard.pressure.MemoryPressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;

class PressureLevelRuleTests {

    private final PressureLevelRule rule = new PressureLevelRule(PressureSettings.defaults());

    @Test
    void levelIsTheWorstOverDrivingSignals() {
        PressureLevelRule.Result result = rule.apply(NONE,
                readings(MemorySignal.HEAP_AFTER_GC, 0.62, MemorySignal.CONTAINER, 0.88, MemorySignal.DIRECT, 0.1),
                null);
        assertThat(result.level()).isEqualTo(HIGH);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
    }

    @Test
    void reportedOnlySignalsDoNotSetTheLevel() {
        PressureLevelRule.Result result = rule.apply(NONE,
                readings(MemorySignal.HEAP, 0.99, MemorySignal.SYSTEM, 0.97, MemorySignal.HEAP_AFTER_GC, 0.3), null);
        assertThat(result.level()).isEqualTo(NONE);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
    }

    @Test
    void noDrivingReadingMeansNoneWithoutDrivingSignal() {
        PressureLevelRule.Result result = rule.apply(HIGH, readings(MemorySignal.HEAP, 0.99), null);
        assertThat(result.level()).isEqualTo(NONE);
        assertThat(result.drivingSignal()).isNull();
    }

    @Test
    void aLevelIsLeftOnlyBelowItsThresholdMinusHysteresis() {
        MemoryPressureLevel level = NONE;
        double[] ratios = { 0.86, 0.84, 0.81, 0.8001, 0.79, 0.84, 0.8499, 0.85, 0.70, 0.6999, 0.56, 0.5499 };
        MemoryPressureLevel[] expected = { HIGH, HIGH, HIGH, HIGH, MODERATE, MODERATE, MODERATE, HIGH, MODERATE, LOW,
                LOW, NONE };
        for (int i = 0; i < ratios.length; i++) {
            level = rule.apply(level, readings(MemorySignal.HEAP_AFTER_GC, ratios[i]), null).level();
            assertThat(level).as("level at ratio %s (step %d)", ratios[i], i).isEqualTo(expected[i]);
        }
    }

    @Test
    void aRatioWanderingAroundAThresholdDoesNotFlap() {
        MemoryPressureLevel level = NONE;
        int changes = 0;
        for (int i = 0; i < 10_000; i++) {
            double ratio = 0.85 + ((i % 2 == 0) ? 0.01 : -0.04) * Math.sin(i);
            MemoryPressureLevel next = rule.apply(level, readings(MemorySignal.CONTAINER, ratio), null).level();
            if (next != level) {
                changes++;
            }
            level = next;
        }
        assertThat(changes).as("level changes while the ratio stays within hysteresis of 0.85").isEqualTo(1);
        assertThat(level).isEqualTo(HIGH);
    }

    @Test
    void risesAndFallsSeveralLevelsAtOnce() {
        assertThat(rule.apply(NONE, readings(MemorySignal.DIRECT, 0.97), null).level()).isEqualTo(CRITICAL);
        assertThat(rule.apply(CRITICAL, readings(MemorySignal.DIRECT, 0.10), null).level()).isEqualTo(NONE);
        assertThat(rule.apply(CRITICAL, readings(MemorySignal.DIRECT, 0.72), null).level()).isEqualTo(MODERATE);
    }

    @Test
    void anotherSignalWithinHysteresisHoldsTheLevelWhenTheWorstOneFalls() {
        PressureLevelRule.Result critical = rule.apply(NONE,
                readings(MemorySignal.HEAP_AFTER_GC, 0.99, MemorySignal.CONTAINER, 0.83), null);
        assertThat(critical.level()).isEqualTo(CRITICAL);
        PressureLevelRule.Result afterGc = rule.apply(critical.level(),
                readings(MemorySignal.HEAP_AFTER_GC, 0.20, MemorySignal.CONTAINER, 0.83), null);
        assertThat(afterGc.level()).isEqualTo(HIGH);
        assertThat(afterGc.drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
    }

    @Test
    void psiIsJudgedOnSomeAndFullWithItsOwnThresholds() {
        PressureStall someOnly = psi(0.22, 0.0);
        assertThat(rule.apply(NONE, psiReading(someOnly), someOnly).level()).isEqualTo(MODERATE);
        PressureStall fullStall = psi(0.22, 0.21);
        PressureLevelRule.Result result = rule.apply(NONE, psiReading(fullStall), fullStall);
        assertThat(result.level()).isEqualTo(HIGH);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.PSI);
        PressureStall noFullLine = psi(0.05, -1);
        assertThat(rule.apply(NONE, psiReading(noFullLine), noFullLine).level()).isEqualTo(NONE);
    }

    @Test
    void psiHysteresisAppliesToItsOwnThresholds() {
        PressureStall rising = psi(0.36, 0.0);
        assertThat(rule.apply(NONE, psiReading(rising), rising).level()).isEqualTo(HIGH);
        PressureStall slightlyLower = psi(0.31, 0.0);
        assertThat(rule.apply(HIGH, psiReading(slightlyLower), slightlyLower).level()).isEqualTo(HIGH);
        PressureStall lower = psi(0.29, 0.0);
        assertThat(rule.apply(HIGH, psiReading(lower), lower).level()).isEqualTo(MODERATE);
    }

    @Test
    void theDrivingSignalAtTheSameLevelIsTheOneClosestToItsThresholds() {
        PressureLevelRule.Result result = rule.apply(NONE,
                readings(MemorySignal.DIRECT, 0.20, MemorySignal.HEAP_AFTER_GC, 0.40, MemorySignal.CONTAINER, 0.30),
                null);
        assertThat(result.level()).isEqualTo(NONE);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
    }

    @Test
    void drivingSignalsAreConfigurable() {
        PressureLevelRule heapDriven = new PressureLevelRule(PressureSettings.builder()
                .signalDrivesLevel(MemorySignal.HEAP, true).signalDrivesLevel(MemorySignal.HEAP_AFTER_GC, false)
                .build());
        PressureLevelRule.Result result = heapDriven.apply(NONE,
                readings(MemorySignal.HEAP, 0.90, MemorySignal.HEAP_AFTER_GC, 0.99), null);
        assertThat(result.level()).isEqualTo(HIGH);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.HEAP);
    }

    private static PressureStall psi(double someAvg10, double fullAvg10) {
        return new PressureStall(someAvg10, 0, 0, fullAvg10, 0, 0, "/proc/pressure/memory");
    }

    private static Map<MemorySignal, SignalReading> psiReading(PressureStall psi) {
        return Map.of(MemorySignal.PSI, new SignalReading(MemorySignal.PSI, psi.someAvg10(), -1, -1));
    }

    @Test
    void aProjectedRatioRaisesTheLevelAndSaysSo() {
        PressureLevelRule.Result result = containerAt70HeapAt80Projecting(0.96);
        assertThat(result.level()).isEqualTo(CRITICAL);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
        assertThat(result.projected()).isTrue();
    }

    @Test
    void theHeapsProjectionRaisesTheLevelToHighAtMostWhileItsMeasurementStillReachesCritical() {
        PressureLevelRule.Result projected = rule.apply(NONE, readings(MemorySignal.HEAP_AFTER_GC, 0.50), null,
                GcActivity.NONE, NONE, Map.of(MemorySignal.HEAP_AFTER_GC, 0.99));
        assertThat(projected.level()).as("projected to 0.99 of the heap").isEqualTo(HIGH);
        assertThat(projected.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        assertThat(projected.projected()).isTrue();

        PressureLevelRule.Result measured = rule.apply(HIGH, readings(MemorySignal.HEAP_AFTER_GC, 0.96), null,
                GcActivity.NONE, NONE, Map.of(MemorySignal.HEAP_AFTER_GC, 0.99));
        assertThat(measured.level()).isEqualTo(CRITICAL);
        assertThat(measured.projected()).isFalse();
    }

    @Test
    void theMeasuredLiveSetsProjectionReachesCriticalAndIsHeldWithTheUsualHysteresis() {
        Map<MemorySignal, SignalReading> measured = readings(MemorySignal.HEAP_AFTER_GC, 0.88);
        PressureLevelRule.Result projected = rule.apply(HIGH, measured, null, GcActivity.NONE, NONE,
                Map.of(MemorySignal.HEAP_AFTER_GC, 0.90), true, 0.99);
        assertThat(projected.level()).as("the measured live set projected to 0.99").isEqualTo(CRITICAL);
        assertThat(projected.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        assertThat(projected.projected()).isTrue();
        assertThat(rule.apply(CRITICAL, readings(MemorySignal.HEAP_AFTER_GC, 0.80), null, GcActivity.NONE, NONE,
                Map.of(), false, 0.91).level()).as("held above critical minus the hysteresis").isEqualTo(CRITICAL);
        assertThat(rule.apply(CRITICAL, readings(MemorySignal.HEAP_AFTER_GC, 0.80), null, GcActivity.NONE, NONE,
                Map.of(), false, 0.89).level()).as("left below it").isEqualTo(HIGH);
        assertThat(rule.apply(HIGH, measured, null, GcActivity.NONE, NONE, Map.of(), true, 0.93).level())
                .as("projected below the critical threshold").isEqualTo(HIGH);
        assertThat(rule.apply(NONE, readings(MemorySignal.DIRECT, 0.10), null, GcActivity.NONE, NONE, Map.of(), true,
                0.99).level()).as("the heap's projection only counts for heap-after-gc").isEqualTo(NONE);
    }

    @Test
    void aYoungCollectionsReadingRaisesTheHeapToHighAtMostAndHoldsALevelAMeasurementReached() {
        Map<MemorySignal, SignalReading> full = readings(MemorySignal.HEAP_AFTER_GC, 0.97);
        PressureLevelRule.Result young = rule.apply(NONE, full, null, GcActivity.NONE, NONE, Map.of(), false);
        assertThat(young.level()).as("old generation after a young collection").isEqualTo(HIGH);
        assertThat(young.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        PressureLevelRule.Result measured = rule.apply(young.level(), full, null, GcActivity.NONE, NONE, Map.of(), true);
        assertThat(measured.level()).isEqualTo(CRITICAL);
        assertThat(rule.apply(CRITICAL, full, null, GcActivity.NONE, NONE, Map.of(), false).level())
                .as("held by a young collection's reading above the threshold").isEqualTo(CRITICAL);
        assertThat(rule.apply(CRITICAL, readings(MemorySignal.HEAP_AFTER_GC, 0.60), null, GcActivity.NONE, NONE,
                Map.of(), false).level()).as("and left like any level").isEqualTo(LOW);
        assertThat(rule.apply(NONE, readings(MemorySignal.DIRECT, 0.97), null, GcActivity.NONE, NONE, Map.of(), false)
                .level()).as("other signals are not capped").isEqualTo(CRITICAL);
    }

    @Test
    void onlyAnUnmeasuredReadingOfTheLiveSetAtCriticalBelowCriticalAwaitsAMeasurement() {
        Map<MemorySignal, SignalReading> critical = readings(MemorySignal.HEAP_AFTER_GC, 0.96);
        assertThat(rule.criticalAwaitsMeasurement(HIGH, critical, Map.of(), false)).isTrue();
        assertThat(rule.criticalAwaitsMeasurement(HIGH, critical, Map.of(), true)).as("measured: the rule decided").isFalse();
        assertThat(rule.criticalAwaitsMeasurement(CRITICAL, critical, Map.of(), false)).as("already CRITICAL").isFalse();
        assertThat(rule.criticalAwaitsMeasurement(HIGH, readings(MemorySignal.HEAP_AFTER_GC, 0.94), Map.of(), false))
                .as("below the critical threshold").isFalse();
        assertThat(rule.criticalAwaitsMeasurement(HIGH, readings(MemorySignal.DIRECT, 0.96), Map.of(), false))
                .as("another signal").isFalse();
        assertThat(rule.criticalAwaitsMeasurement(HIGH, readings(MemorySignal.HEAP_AFTER_GC, 0.80),
                Map.of(MemorySignal.HEAP_AFTER_GC, 0.96), false)).as("projected to CRITICAL from young collections")
                .isTrue();
        assertThat(rule.criticalAwaitsMeasurement(HIGH, readings(MemorySignal.HEAP_AFTER_GC, 0.80),
                Map.of(MemorySignal.HEAP_AFTER_GC, 0.90), false)).as("projected to HIGH only").isFalse();
        PressureLevelRule notDriving = new PressureLevelRule(PressureSettings.builder()
                .signalDrivesLevel(MemorySignal.HEAP_AFTER_GC, false).build());
        assertThat(notDriving.criticalAwaitsMeasurement(HIGH, critical, Map.of(), false)).as("reported only").isFalse();
    }

    @Test
    void aProjectionBelowTheMeasuredLevelChangesNothing() {
        PressureLevelRule.Result result = containerAt70HeapAt80Projecting(0.74);
        assertThat(result.level()).isEqualTo(MODERATE);
        assertThat(result.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        assertThat(result.projected()).isFalse();
    }

    private PressureLevelRule.Result containerAt70HeapAt80Projecting(double containerAhead) {
        return rule.apply(NONE, readings(MemorySignal.CONTAINER, 0.70, MemorySignal.HEAP_AFTER_GC, 0.80), null,
                GcActivity.NONE, NONE, Map.of(MemorySignal.CONTAINER, containerAhead));
    }

    @Test
    void aProjectedLevelFallsBackWithTheHysteresisOfTheProjectedRatio() {
        Map<MemorySignal, SignalReading> container = readings(MemorySignal.CONTAINER, 0.70);
        double[] projected = { 0.96, 0.92, 0.9001, 0.8999, 0.80, 0.70 };
        MemoryPressureLevel[] expected = { CRITICAL, CRITICAL, CRITICAL, HIGH, HIGH, MODERATE };
        boolean[] raised = { true, true, true, true, true, false };
        MemoryPressureLevel level = NONE;
        for (int i = 0; i < projected.length; i++) {
            PressureLevelRule.Result result = rule.apply(level, container, null, GcActivity.NONE, NONE,
                    Map.of(MemorySignal.CONTAINER, projected[i]));
            level = result.level();
            assertThat(level).as("projected %s", projected[i]).isEqualTo(expected[i]);
            assertThat(result.projected()).as("projected %s", projected[i]).isEqualTo(raised[i]);
        }
    }

    private static Map<MemorySignal, SignalReading> readings(Object... signalsAndRatios) {
        Map<MemorySignal, SignalReading> readings = new EnumMap<>(MemorySignal.class);
        for (int i = 0; i < signalsAndRatios.length; i += 2) {
            MemorySignal signal = (MemorySignal) signalsAndRatios[i];
            double ratio = (Double) signalsAndRatios[i + 1];
            readings.put(signal, new SignalReading(signal, ratio, (long) (ratio * 1000), 1000));
        }
        return readings;
    }
}
