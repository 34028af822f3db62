package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GcLogTests {

    @Test
    void readsTheHeapAfterEveryPauseRelativeToTheLoadStart() {
        List<String> lines = List.of(
                "[812ms] Using G1",
                "[5123ms] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 5.123ms",
                "[6000ms] GC(13) Concurrent Mark Cycle 3864.057ms",
                "[6500ms] GC(13) Pause Remark 140M->139M(256M) 2.001ms",
                "[9117ms] GC(70) Pause Full (System.gc()) 184M->78M(218M) 911.492ms");

        List<GcLog.HeapAfterGc> trace = GcLog.parse(lines, 5_000);

        assertThat(trace).containsExactly(new GcLog.HeapAfterGc(0.123, 30), new GcLog.HeapAfterGc(1.5, 139),
                new GcLog.HeapAfterGc(4.117, 78));
    }

    @Test
    void aCollectionBeforeTheLoadHasANegativeTime() {
        assertThat(GcLog.parse(List.of("[100ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->3M(64M) 1ms"),
                1_000)).containsExactly(new GcLog.HeapAfterGc(-0.9, 3));
    }
}
