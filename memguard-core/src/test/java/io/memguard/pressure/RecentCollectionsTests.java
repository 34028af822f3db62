package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RecentCollectionsTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final RecentCollections recent = new RecentCollections(Duration.ofSeconds(10));

    @Test
    void pauseShareIsThePausesOfTheWindowOverItsLength() {
        recent.record(young(500), START.plusSeconds(1));
        recent.record(young(1500), START.plusSeconds(9));
        assertThat(recent.summarize(START.plusSeconds(10)).pauseShare()).isCloseTo(0.2, within(1e-9));
        assertThat(recent.summarize(START.plusSeconds(11)).pauseShare()).as("the first has left the window")
                .isCloseTo(0.15, within(1e-9));
        assertThat(recent.summarize(START.plusSeconds(19)).pauseShare()).isZero();
    }

    @Test
    void explicitCollectionsAreNotOverheadButMeasureTheLiveSet() {
        recent.record(GarbageCollection.of("G1 Old Generation", "end of major GC", "System.gc()", 4000, 90, 40),
                START.plusSeconds(2));
        RecentCollections.Summary summary = recent.summarize(START.plusSeconds(3));
        assertThat(summary.pauseShare()).isZero();
        assertThat(summary.fullCollections()).isZero();
        assertThat(summary.lastMeasurement()).isEqualTo(START.plusSeconds(2));
    }

    @Test
    void fullCollectionsAreCountedWithinTheWindowAndTheLastMeasurementOutlivesIt() {
        recent.record(full(), START.plusSeconds(1));
        recent.record(young(10), START.plusSeconds(2));
        recent.record(full(), START.plusSeconds(5));
        assertThat(recent.summarize(START.plusSeconds(6)).fullCollections()).isEqualTo(2);
        assertThat(recent.summarize(START.plusSeconds(12)).fullCollections()).isEqualTo(1);
        RecentCollections.Summary later = recent.summarize(START.plusSeconds(60));
        assertThat(later.fullCollections()).isZero();
        assertThat(later.lastMeasurement()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aYoungCollectionDoesNotMeasure() {
        recent.record(young(10), START);
        assertThat(recent.summarize(START).lastMeasurement()).isNull();
    }

    @Test
    void theShareNeverPassesOne() {
        recent.record(young(30_000), START.plusSeconds(1));
        assertThat(recent.summarize(START.plusSeconds(2)).pauseShare()).isEqualTo(1.0);
    }

    static GarbageCollection young(long pauseMillis) {
        return GarbageCollection.of("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", pauseMillis, 10,
                20);
    }

    static GarbageCollection full() {
        return GarbageCollection.of("G1 Old Generation", "end of major GC", "G1 Compaction Pause", 50, 90, 60);
    }
}
