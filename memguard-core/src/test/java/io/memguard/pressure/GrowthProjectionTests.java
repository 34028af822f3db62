package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.SignalReading;

class GrowthProjectionTests {

    private static final long LIMIT = 1_000_000_000;

    /** A ticker reading a second before {@code long} wraps: readings are compared by their difference only. */
    private static final long START = Long.MAX_VALUE - 1_000_000_000L;

    private final GrowthProjection projection = new GrowthProjection(PressureSettings.defaults());

    @Test
    void twoReadingsAreNotAGrowth() {
        observe(0, 100_000_000);
        GrowthProjection.Outlook outlook = observe(100, 110_000_000);
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isEqualTo(-1);
        assertThat(outlook.projectedRatios()).isEmpty();
    }

    @Test
    void aSteadyGrowthGivesTheSecondsToTheCriticalThresholdAndTheRatioAfterTheLeadTime() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        GrowthProjection.Outlook outlook = observe(200, 120_000_000);
        // 100 MB/s; critical at 950 MB, 830 MB away.
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isCloseTo(8.3, within(1e-6));
        assertThat(outlook.projectedRatios().get(MemorySignal.CONTAINER)).isCloseTo(0.32, within(1e-9));
    }

    @Test
    void theSlopeIsFittedOverTheReadingsSoOneOutlierDoesNotReverseIt() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        // A page-cache flush drops one reading by 60 MB: the difference of two readings would say -500 MB/s.
        observe(200, 60_000_000);
        observe(300, 130_000_000);
        GrowthProjection.Outlook outlook = observe(400, 140_000_000);
        double seconds = outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit();
        assertThat(seconds).as("still 100 MB/s, fitted").isCloseTo((950 - 140) / 100.0, within(1e-6));
    }

    @Test
    void aGrowthThatStopsFlattensTheProjection() {
        for (int i = 0; i <= 5; i++) {
            observe(100 * i, 100_000_000 + 10_000_000L * i);
        }
        double first = observe(600, 150_000_000).projectedRatios().get(MemorySignal.CONTAINER);
        GrowthProjection.Outlook outlook = null;
        for (int i = 7; i < 7 + GrowthProjection.SAMPLES; i++) {
            outlook = observe(100 * i, 150_000_000);
        }
        assertThat(first).isGreaterThan(0.15);
        assertThat(outlook.projectedRatios()).as("the rising readings have left the window").isEmpty();
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isEqualTo(-1);
    }

    @Test
    void atTheCriticalThresholdNoTimeIsLeft() {
        observe(0, 940_000_000);
        observe(100, 945_000_000);
        GrowthProjection.Outlook outlook = observe(200, 950_000_000);
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isZero();
    }

    @Test
    void aStaleReadingClearsTheHistory() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        observe(200, 120_000_000);
        Map<MemorySignal, SignalReading> stale = readings(MemorySignal.CONTAINER, 120_000_000);
        stale.put(MemorySignal.CONTAINER, stale.get(MemorySignal.CONTAINER).asStale());
        projection.observe(stale, at(300), true);
        observe(400, 130_000_000);
        GrowthProjection.Outlook outlook = observe(500, 140_000_000);
        assertThat(outlook.projectedRatios()).as("two fresh readings since the gap").isEmpty();
    }

    @Test
    void readingsOlderThanTwiceTheLeadTimeAreDropped() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        observe(200, 120_000_000);
        observe(4300, 120_000_000);
        GrowthProjection.Outlook outlook = observe(4400, 120_000_000);
        assertThat(outlook.projectedRatios()).as("only two readings within 4 s").isEmpty();
    }

    @Test
    void aContainerCarriedOverFromTheLastPollIsNotAReading() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        projection.observe(readings(MemorySignal.CONTAINER, 110_000_000), at(150), false);
        GrowthProjection.Outlook outlook = projection.observe(readings(MemorySignal.CONTAINER, 110_000_000),
                at(180), false);
        assertThat(outlook.projectedRatios()).isEmpty();
        assertThat(observe(200, 120_000_000).projectedRatios()).containsKey(MemorySignal.CONTAINER);
    }

    @Test
    void aLimitChangedInPlaceKeepsTheGrowthInBytes() {
        observe(0, 100_000_000);
        observe(100, 110_000_000);
        Map<MemorySignal, SignalReading> doubled = Map.of(MemorySignal.CONTAINER,
                new SignalReading(MemorySignal.CONTAINER, 0.06, 120_000_000, 2 * LIMIT));
        GrowthProjection.Outlook outlook = projection.observe(doubled, at(200), true);
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isCloseTo(17.8, within(1e-6));
    }

    @Test
    void theHeapAfterGcIsProjectedToo() {
        for (int i = 0; i < 3; i++) {
            projection.observe(readings(MemorySignal.HEAP_AFTER_GC, 500_000_000 + 50_000_000L * i),
                    at(500 * i), false);
        }
        GrowthProjection.Outlook outlook = projection.observe(readings(MemorySignal.HEAP_AFTER_GC, 650_000_000),
                at(1500), false);
        assertThat(outlook.readings().get(MemorySignal.HEAP_AFTER_GC).secondsToLimit()).isCloseTo(3.0,
                within(1e-6));
        assertThat(outlook.projectedRatios().get(MemorySignal.HEAP_AFTER_GC)).isCloseTo(0.85, within(1e-9));
    }

    @Test
    void theMeasuredLiveSetIsProjectedFromItsMeasurementsOnly() {
        // Young collections' readings in between rise faster; only the measured ones, 1 s apart, are fitted.
        measure(0, 500_000_000, true);
        measure(500, 640_000_000, false);
        measure(1000, 550_000_000, true);
        measure(1500, 700_000_000, false);
        GrowthProjection.Outlook outlook = measure(2000, 600_000_000, true);
        // 50 MB/s from 600 MB measured now, 2 s ahead: 700 MB.
        assertThat(outlook.projectedLiveSetRatio()).isCloseTo(0.70, within(1e-9));
    }

    @Test
    void theMeasuredLiveSetIsProjectedFromTheLastMeasurementOnwardWhileItIsRecent() {
        measure(0, 500_000_000, true);
        measure(1000, 550_000_000, true);
        measure(2000, 600_000_000, true);
        // 1.5 s after the last measurement, read again: 50 MB/s over 1.5 s plus the 2 s lead, from 600 MB.
        assertThat(measure(3500, 900_000_000, false).projectedLiveSetRatio()).isCloseTo(0.775, within(1e-9));
        assertThat(measure(5000, 900_000_000, false).projectedLiveSetRatio())
                .as("the last measurement exactly one interval (3 s) old").isCloseTo(0.85, within(1e-9));
        assertThat(measure(5001, 900_000_000, false).projectedLiveSetRatio()).as("older than one interval").isNaN();
    }

    @Test
    void theMeasuredLiveSetNeedsThreeGrowingMeasurements() {
        measure(0, 500_000_000, true);
        assertThat(measure(1000, 550_000_000, true).projectedLiveSetRatio()).as("two").isNaN();
        measure(2000, 550_000_000, true);
        assertThat(measure(3000, 500_000_000, true).projectedLiveSetRatio()).as("falling").isNaN();
    }

    @Test
    void theSameMeasurementReadTwiceCountsOnce() {
        measure(0, 500_000_000, true);
        measure(1000, 550_000_000, true);
        GrowthProjection.Outlook outlook = projection.observe(readings(MemorySignal.HEAP_AFTER_GC, 550_000_000),
                at(1500), false, at(1000));
        assertThat(outlook.projectedLiveSetRatio()).as("still two measurements").isNaN();
        assertThat(measure(2000, 600_000_000, true).projectedLiveSetRatio()).isCloseTo(0.70, within(1e-9));
    }

    @Test
    void measurementsOlderThanFourIntervalsAreNotFitted() {
        measure(0, 100_000_000, true);
        for (int i = 1; i <= 4; i++) {
            measure(2500 * i, 450_000_000 + 50_000_000L * i, true);
        }
        // At 12.5 s the first is 12.5 s old, past 4 intervals of 3 s: 20 MB/s from 700 MB, 2 s ahead.
        assertThat(measure(12_500, 700_000_000, true).projectedLiveSetRatio()).isCloseTo(0.74, within(1e-9));
    }

    /**
     * A refresh reading {@code heap-after-gc}: the live set a collection measured at that moment when {@code measured},
     * else what a young collection left.
     */
    private GrowthProjection.Outlook measure(long millis, long used, boolean measured) {
        return projection.observe(readings(MemorySignal.HEAP_AFTER_GC, used), at(millis), false,
                measured ? at(millis) : null);
    }

    @Test
    void otherSignalsAreNotProjected() {
        GrowthProjection.Outlook outlook = null;
        for (int i = 0; i < 4; i++) {
            outlook = projection.observe(readings(MemorySignal.DIRECT, 100_000_000L * (i + 1)),
                    at(100 * i), true);
        }
        assertThat(outlook.projectedRatios()).isEmpty();
        assertThat(outlook.readings().get(MemorySignal.DIRECT).secondsToLimit()).isEqualTo(-1);
    }

    @Test
    void aLeadTimeOfZeroTurnsTheProjectionOff() {
        GrowthProjection off = new GrowthProjection(PressureSettings.builder().leadTime(Duration.ZERO).build());
        GrowthProjection.Outlook outlook = null;
        for (int i = 0; i < 4; i++) {
            outlook = off.observe(readings(MemorySignal.CONTAINER, 100_000_000L * (i + 1)), at(100 * i),
                    true);
        }
        assertThat(outlook.projectedRatios()).isEmpty();
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isEqualTo(-1);
    }

    @Test
    void aProjectedLevelIsHeldForTheLeadTimeAfterTheLastReadingThatProjectedIt() {
        Map<MemorySignal, SignalReading> readings = readings(MemorySignal.CONTAINER, 900_000_000);
        PressureLevelRule.Result projected = new PressureLevelRule.Result(MemoryPressureLevel.CRITICAL,
                MemorySignal.CONTAINER, true);
        PressureLevelRule.Result measured = new PressureLevelRule.Result(MemoryPressureLevel.HIGH,
                MemorySignal.CONTAINER, false);
        assertThat(projection.hold(projected, readings, at(0))).isEqualTo(projected);
        assertThat(projection.hold(measured, readings, at(1999))).as("held").isEqualTo(projected);
        assertThat(projection.hold(measured, readings, at(2000))).as("lead time over")
                .isEqualTo(measured);
        assertThat(projection.hold(measured, readings, at(2100))).isEqualTo(measured);
    }

    @Test
    void aLimitChangedInPlaceEndsTheHold() {
        PressureLevelRule.Result projected = new PressureLevelRule.Result(MemoryPressureLevel.CRITICAL,
                MemorySignal.CONTAINER, true);
        PressureLevelRule.Result measured = new PressureLevelRule.Result(MemoryPressureLevel.MODERATE,
                MemorySignal.CONTAINER, false);
        projection.hold(projected, readings(MemorySignal.CONTAINER, 900_000_000), at(0));
        Map<MemorySignal, SignalReading> raised = Map.of(MemorySignal.CONTAINER,
                new SignalReading(MemorySignal.CONTAINER, 0.45, 900_000_000, 2 * LIMIT));
        assertThat(projection.hold(measured, raised, at(100))).isEqualTo(measured);
    }

    private GrowthProjection.Outlook observe(long millis, long containerBytes) {
        return projection.observe(readings(MemorySignal.CONTAINER, containerBytes), at(millis), true);
    }

    @Test
    void theSlopeSpansTheWrapOfTheTicker() {
        // 0.5 s before the wrap, at it, 0.5 s after: 100 MB/s as anywhere else.
        observe(500, 100_000_000);
        observe(1000, 150_000_000);
        GrowthProjection.Outlook outlook = observe(1500, 200_000_000);
        assertThat(outlook.readings().get(MemorySignal.CONTAINER).secondsToLimit()).isCloseTo(7.5, within(1e-6));
    }

    /** The ticker's reading {@code millis} after {@link #START}. */
    private static long at(long millis) {
        return START + Duration.ofMillis(millis).toNanos();
    }

    private static Map<MemorySignal, SignalReading> readings(MemorySignal signal, long used) {
        Map<MemorySignal, SignalReading> readings = new EnumMap<>(MemorySignal.class);
        readings.put(signal, new SignalReading(signal, (double) used / LIMIT, used, LIMIT));
        return readings;
    }
}
