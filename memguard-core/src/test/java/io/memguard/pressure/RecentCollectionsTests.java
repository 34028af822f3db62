package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RecentCollectionsTests {

    /** A ticker reading a few seconds before {@code long} wraps: readings are compared by their difference only. */
    private static final long START = Long.MAX_VALUE - 5_000_000_000L;

    private final RecentCollections recent = new RecentCollections(Duration.ofSeconds(10));

    @Test
    void pauseShareIsThePausesOfTheWindowOverItsLength() {
        recent.record(young(500), at(1));
        recent.record(young(1500), at(9));
        assertThat(recent.summarize(at(10)).pauseShare()).isCloseTo(0.2, within(1e-9));
        assertThat(recent.summarize(at(11)).pauseShare()).as("the first has left the window")
                .isCloseTo(0.15, within(1e-9));
        assertThat(recent.summarize(at(19)).pauseShare()).isZero();
    }

    @Test
    void explicitCollectionsAreNotOverheadButMeasureTheLiveSet() {
        recent.record(GarbageCollection.of("G1 Old Generation", "end of major GC", "System.gc()", 4000, 90, 40),
                at(2));
        RecentCollections.Summary summary = recent.summarize(at(3));
        assertThat(summary.pauseShare()).isZero();
        assertThat(summary.fullCollections()).isZero();
        assertThat(summary.sinceMeasurement()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fullCollectionsAreCountedWithinTheWindowAndTheLastMeasurementOutlivesIt() {
        recent.record(full(), at(1));
        recent.record(young(10), at(2));
        recent.record(full(), at(5));
        assertThat(recent.summarize(at(6)).fullCollections()).isEqualTo(2);
        assertThat(recent.summarize(at(12)).fullCollections()).isEqualTo(1);
        RecentCollections.Summary later = recent.summarize(at(60));
        assertThat(later.fullCollections()).isZero();
        assertThat(later.sinceMeasurement()).isEqualTo(Duration.ofSeconds(55));
    }

    @Test
    void theSummarySaysWhetherTheLatestCollectionCollectedTheWholeHeap() {
        assertThat(recent.summarize(at(0)).wholeHeapCollected()).as("none yet").isFalse();
        recent.record(full(), at(1));
        assertThat(recent.summarize(at(2)).wholeHeapCollected()).isTrue();
        recent.record(GarbageCollection.of("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", 6, 70, 55),
                at(3));
        RecentCollections.Summary mixed = recent.summarize(at(3));
        assertThat(mixed.liveSetMeasured()).isTrue();
        assertThat(mixed.wholeHeapCollected()).isFalse();
        recent.record(young(10), at(4));
        assertThat(recent.summarize(at(4)).wholeHeapCollected()).isFalse();
    }

    @Test
    void aYoungCollectionDoesNotMeasure() {
        recent.record(young(10), at(0));
        assertThat(recent.summarize(at(0)).sinceMeasurement()).isNull();
    }

    @Test
    void theShareNeverPassesOne() {
        recent.record(young(30_000), at(1));
        assertThat(recent.summarize(at(2)).pauseShare()).isEqualTo(1.0);
    }

    @Test
    void aMeasurementReportedOutOfOrderDoesNotMoveTheLastOneBack() {
        recent.record(full(), at(5));
        recent.record(full(), at(3));
        assertThat(recent.summarize(at(6)).sinceMeasurement()).isEqualTo(Duration.ofSeconds(1));
    }

    private static long at(long seconds) {
        return START + Duration.ofSeconds(seconds).toNanos();
    }

    static GarbageCollection young(long pauseMillis) {
        return GarbageCollection.of("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", pauseMillis, 10,
                20);
    }

    static GarbageCollection full() {
        return GarbageCollection.of("G1 Old Generation", "end of major GC", "G1 Compaction Pause", 50, 90, 60);
    }
}
