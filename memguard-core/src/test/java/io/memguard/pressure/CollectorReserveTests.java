package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CollectorReserveTests {

    private static final long MAX = 1000L * 1024 * 1024;

    @Test
    void g1KeepsItsReservePercentAndRoomForAYoungGenerationAndItsSurvivors() {
        assertThat(reserve(Map.of("UseG1GC", "true", "G1ReservePercent", "10"))).as("G1NewSizePercent unexposed: 5")
                .isEqualTo(MAX * 20 / 100);
        assertThat(reserve(Map.of("UseG1GC", "true", "G1ReservePercent", "15", "G1NewSizePercent", "10")))
                .isEqualTo(MAX * 35 / 100);
    }

    @Test
    void parallelKeepsTheFreeShareOfItsOverheadLimit() {
        assertThat(reserve(Map.of("UseParallelGC", "true", "UseGCOverheadLimit", "true", "GCHeapFreeLimit", "2")))
                .isEqualTo(MAX * 2 / 100);
        assertThat(reserve(Map.of("UseParallelGC", "true", "UseGCOverheadLimit", "false", "GCHeapFreeLimit", "2")))
                .isZero();
    }

    @Test
    void shenandoahKeepsItsEvacuationReserve() {
        assertThat(reserve(Map.of("UseShenandoahGC", "true"))).isEqualTo(MAX * 5 / 100);
        assertThat(reserve(Map.of("UseShenandoahGC", "true", "ShenandoahEvacReserve", "8"))).isEqualTo(MAX * 8 / 100);
    }

    @Test
    void zgcKeepsASmallPagePerWorker() {
        assertThat(reserve(Map.of("UseZGC", "true", "ConcGCThreads", "1", "ParallelGCThreads", "4")))
                .isEqualTo(4L * 2 * 1024 * 1024);
    }

    @Test
    void serialAndUnknownCollectorsKeepNothing() {
        assertThat(reserve(Map.of("UseSerialGC", "true"))).isZero();
        assertThat(reserve(Map.of())).isZero();
        assertThat(new CollectorReserve(Map.of("UseG1GC", "true")::get).bytes(-1)).isZero();
    }

    @Test
    void readsTheRunningJvm() {
        long reserve = new CollectorReserve().bytes(MAX);
        assertThat(reserve).isNotNegative().isLessThan(MAX / 2);
        if ("true".equals(VmOptions.value("UseG1GC"))) {
            assertThat(reserve).isEqualTo(MAX * (Long.parseLong(VmOptions.value("G1ReservePercent")) + 10) / 100);
        }
    }

    private static long reserve(Map<String, String> flags) {
        return new CollectorReserve(flags::get).bytes(MAX);
    }
}
