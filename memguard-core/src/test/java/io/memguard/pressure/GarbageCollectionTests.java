package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.GarbageCollection.Kind;

/**
 * Notifications as JDK 17 and 25 report them (collector, action, cause as printed by their GC notifications).
 */
class GarbageCollectionTests {

    @Test
    void g1YoungCollectionsMeasureOnlyWhenTheyCollectOldRegions() {
        GarbageCollection young = GarbageCollection.of("G1 Young Generation", "end of minor GC", "G1 Evacuation Pause",
                4, 60, 70);
        assertThat(young.kind()).isEqualTo(Kind.YOUNG);
        assertThat(young.kind().measuresLiveSet()).isFalse();
        assertThat(young.pause()).isEqualTo(Duration.ofMillis(4));
        GarbageCollection mixed = GarbageCollection.of("G1 Young Generation", "end of minor GC",
                "G1 Evacuation Pause", 6, 70, 55);
        assertThat(mixed.kind()).isEqualTo(Kind.MIXED);
        assertThat(mixed.kind().measuresLiveSet()).isTrue();
    }

    @Test
    void onlyFullCollectionsAndWholeConcurrentCyclesCollectTheWholeHeap() {
        assertThat(Kind.FULL.collectsWholeHeap()).isTrue();
        assertThat(Kind.CONCURRENT_CYCLE_END.collectsWholeHeap()).isTrue();
        assertThat(Kind.MIXED.collectsWholeHeap()).as("measures, but leaves old regions it did not take").isFalse();
        assertThat(Kind.YOUNG.collectsWholeHeap()).isFalse();
        assertThat(Kind.PAUSE.collectsWholeHeap()).isFalse();
    }

    @Test
    void fullCollectionsOfEveryStopTheWorldCollector() {
        assertThat(GarbageCollection.of("G1 Old Generation", "end of major GC", "G1 Compaction Pause", 10, 84, 38)
                .kind()).isEqualTo(Kind.FULL);
        assertThat(GarbageCollection.of("PS MarkSweep", "end of major GC", "Ergonomics", 10, 84, 38).kind())
                .isEqualTo(Kind.FULL);
        assertThat(GarbageCollection.of("MarkSweepCompact", "end of major GC", "Allocation Failure", 10, 84, 38)
                .kind()).isEqualTo(Kind.FULL);
        assertThat(GarbageCollection.of("Shenandoah Pauses", "Full GC", "Allocation Failure", 10, 84, 38).kind())
                .isEqualTo(Kind.FULL);
    }

    @Test
    void endsOfConcurrentCyclesMeasureButG1RemarkDoesNot() {
        GarbageCollection remark = GarbageCollection.of("G1 Concurrent GC", "end of concurrent GC pause", "No GC", 1,
                87, 80);
        assertThat(remark.kind()).as("G1's old generation still holds the dead until mixed collections")
                .isEqualTo(Kind.PAUSE);
        assertThat(remark.kind().measuresLiveSet()).isFalse();
        assertThat(remark.pause()).isEqualTo(Duration.ofMillis(1));
        GarbageCollection cycle = GarbageCollection.of("Shenandoah Cycles", "end of GC cycle", "Concurrent GC", 40,
                80, 50);
        assertThat(cycle.kind()).isEqualTo(Kind.CONCURRENT_CYCLE_END);
        assertThat(cycle.pause()).as("a concurrent cycle's pauses come from its Pauses bean").isZero();
        assertThat(GarbageCollection.of("ZGC Major Cycles", "end of GC cycle", "Allocation Rate", 40, 80, 50).kind())
                .isEqualTo(Kind.CONCURRENT_CYCLE_END);
        assertThat(GarbageCollection.of("ZGC Minor Cycles", "end of GC cycle", "Allocation Rate", 40, 80, 50).kind())
                .isEqualTo(Kind.YOUNG);
        GarbageCollection pause = GarbageCollection.of("Shenandoah Pauses", "Init Mark", "Concurrent GC", 2, 80, 80);
        assertThat(pause.kind()).isEqualTo(Kind.PAUSE);
        assertThat(pause.pause()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void explicitCollectionsAreThoseOfSystemGc() {
        assertThat(GarbageCollection.of("G1 Old Generation", "end of major GC", "System.gc()", 10, 84, 38).explicit())
                .isTrue();
        assertThat(GarbageCollection.of("G1 Old Generation", "end of major GC", "G1 Compaction Pause", 10, 84, 38)
                .explicit()).isFalse();
    }
}
