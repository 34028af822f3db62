package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.LongLivedPools.PoolUse;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.PressureSettings.PressureThresholds;

class JvmHeapProbeTests {

    private static final MemoryUsage HEAP = new MemoryUsage(0, 700, 900, 1000);

    @Test
    void afterGcIsTheUseRightAfterTheLastCollectionWhileNothingWasReleased() {
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP, () -> List.of(new PoolUse("G1 Old Gen", 650, 600, 1000)));
        HeapMemory heap = probe.read().orElseThrow();
        assertThat(heap.afterGcUsedBytes()).isEqualTo(600);
        assertThat(heap.afterGcMaxBytes()).isEqualTo(1000);
        assertThat(heap.usedBytes()).isEqualTo(700);
        assertThat(heap.committedBytes()).isEqualTo(900);
        assertThat(heap.maxBytes()).isEqualTo(1000);
    }

    @Test
    void afterGcNeverStaysAboveTheCurrentUseOfTheSamePools() {
        // 800 were live at the last collection; since then 500 were released (G1 can uncommit regions, a concurrent
        // collector can free without a pause notification) and no collection has run on this idle service.
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP, () -> List.of(new PoolUse("ZHeap", 300, 800, 1000)));
        assertThat(probe.read().orElseThrow().afterGcUsedBytes()).isEqualTo(300);
    }

    @Test
    void severalLongLivedPoolsAddUp() {
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP,
                () -> List.of(new PoolUse("tenured-SOA", 100, 80, 400), new PoolUse("tenured-LOA", 10, 30, 100)));
        HeapMemory heap = probe.read().orElseThrow();
        assertThat(heap.afterGcUsedBytes()).isEqualTo(90);
        assertThat(heap.afterGcMaxBytes()).isEqualTo(500);
    }

    @Test
    void anUndefinedPoolMaxMakesTheAfterGcMaxUndefined() {
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP,
                () -> List.of(new PoolUse("a Old Gen", 100, 80, 400), new PoolUse("b Old Gen", 10, 30, -1)));
        assertThat(probe.read().orElseThrow().afterGcMaxBytes()).isEqualTo(-1);
    }

    @Test
    void theLimitIsWhatTheCollectorCanHoldAfterItsReserve() {
        // G1 at its defaults keeps 20% of the heap from the live set: CRITICAL (0.95) at 76% of -Xmx, before G1 runs
        // out, instead of at 95% of -Xmx, a ratio a G1 heap never reaches.
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP, () -> List.of(new PoolUse("G1 Old Gen", 760, 760, 1000)),
                200);
        HeapMemory heap = probe.read().orElseThrow();
        assertThat(heap.afterGcMaxBytes()).isEqualTo(800);
        assertThat(PressureThresholds.DEFAULT.levelOf((double) heap.afterGcUsedBytes() / heap.afterGcMaxBytes()))
                .isEqualTo(MemoryPressureLevel.CRITICAL);
    }

    @Test
    void aReserveOfHalfTheLimitOrMoreIsIgnored() {
        JvmHeapProbe probe = new JvmHeapProbe(() -> HEAP, () -> List.of(new PoolUse("G1 Old Gen", 100, 100, 1000)),
                500);
        assertThat(probe.read().orElseThrow().afterGcMaxBytes()).isEqualTo(1000);
    }

    @Test
    void readsThisJvm() {
        HeapMemory heap = new JvmHeapProbe().read().orElseThrow();
        assertThat(heap.maxBytes()).isPositive();
        assertThat(heap.usedBytes()).isPositive().isLessThanOrEqualTo(heap.committedBytes());
        assertThat(heap.committedBytes()).isLessThanOrEqualTo(heap.maxBytes());
        assertThat(heap.afterGcMaxBytes()).isPositive().isLessThanOrEqualTo(heap.maxBytes());
        assertThat(heap.afterGcUsedBytes()).isNotNegative().isLessThanOrEqualTo(heap.afterGcMaxBytes())
                .isLessThanOrEqualTo(heap.usedBytes());
    }
}
