package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

import org.junit.jupiter.api.Test;

class LongLivedPoolsTests {

    @Test
    void recognisesTheOldPoolsOfEveryHotSpotCollectorAndOpenJ9() {
        assertThat(List.of("G1 Old Gen", "Tenured Gen", "PS Old Gen", "CMS Old Gen", "ZGC Old Generation", "ZHeap",
                "Shenandoah", "Shenandoah Old Gen", "tenured-SOA", "tenured-LOA"))
                .allMatch(LongLivedPools::isLongLived);
        assertThat(List.of("G1 Eden Space", "G1 Survivor Space", "Eden Space", "Survivor Space", "PS Eden Space",
                "ZGC Young Generation", "Metaspace", "CodeHeap 'non-nmethods'", "nursery-allocate", "Epsilon Heap"))
                .noneMatch(LongLivedPools::isLongLived);
    }

    @Test
    void findsTheLongLivedPoolsOfThisJvm() {
        LongLivedPools pools = new LongLivedPools();
        List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();
        assertThat(pools.names()).isNotEmpty().isSubsetOf(heapPools);
    }

    @Test
    void afterACollectionThePoolUseAfterGcIsKnown() {
        System.gc();
        List<LongLivedPools.PoolUse> uses = new LongLivedPools().read();
        assertThat(uses).isNotEmpty().allSatisfy(use -> {
            assertThat(use.used()).isNotNegative();
            assertThat(use.usedAfterLastGc()).isNotNegative();
            assertThat(use.max()).isPositive();
            assertThat(use.usedAfterLastGc()).isLessThanOrEqualTo(use.max());
        });
    }
}
