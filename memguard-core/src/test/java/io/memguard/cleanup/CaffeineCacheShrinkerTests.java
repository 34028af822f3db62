package io.memguard.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.protect.EffectivePressure;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;
import io.memguard.testing.TestPressureMonitor;
import org.junit.jupiter.api.Test;

class CaffeineCacheShrinkerTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final CaffeineCacheShrinker shrinker = CaffeineCacheShrinker.builder().highFactor(0.5).criticalFactor(0.1)
            .clock(new TestClock(NOW)).build();

    @Test
    void shrinksAtHighAndCriticalAndRestoresOnlyAtNone() {
        Cache<Integer, String> cache = sized(1000);
        shrinker.register("users", cache);

        assertThat(shrinker.adjustTo(MemoryPressureLevel.HIGH))
                .containsExactly(new CacheShrinkReport.Resize("users", 1000, 500, MemoryPressureLevel.HIGH, NOW));
        assertThat(maximumOf(cache)).isEqualTo(500);
        shrinker.adjustTo(MemoryPressureLevel.CRITICAL);
        assertThat(maximumOf(cache)).isEqualTo(100);
        assertThat(shrinker.adjustTo(MemoryPressureLevel.MODERATE)).isEmpty();
        assertThat(maximumOf(cache)).isEqualTo(100);
        shrinker.adjustTo(MemoryPressureLevel.HIGH);
        assertThat(maximumOf(cache)).isEqualTo(500);
        assertThat(shrinker.adjustTo(MemoryPressureLevel.NONE))
                .containsExactly(new CacheShrinkReport.Resize("users", 500, 1000, MemoryPressureLevel.NONE, NOW));
        assertThat(maximumOf(cache)).isEqualTo(1000);
        assertThat(shrinker.adjustTo(MemoryPressureLevel.NONE)).isEmpty();
        assertThat(shrinker.resizeCount()).isEqualTo(4);
    }

    @Test
    void aShrunkCacheEvictsDownToItsNewMaximum() {
        Cache<Integer, String> cache = sized(100);
        for (int i = 0; i < 100; i++) {
            cache.put(i, "value");
        }
        shrinker.register("users", cache);
        shrinker.adjustTo(MemoryPressureLevel.CRITICAL);
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isEqualTo(10);
    }

    @Test
    void weightedCachesShrinkTheirMaximumWeight() {
        Cache<Integer, String> cache = Caffeine.newBuilder().maximumWeight(4096)
                .weigher((Integer key, String value) -> value.length()).executor(Runnable::run).build();
        shrinker.register("blobs", cache);
        shrinker.adjustTo(MemoryPressureLevel.HIGH);
        assertThat(maximumOf(cache)).isEqualTo(2048);
    }

    @Test
    void unboundedCachesAreReportedAndLeftAlone() {
        shrinker.register("unbounded", Caffeine.newBuilder().build());
        shrinker.register("bounded", sized(10));
        assertThat(shrinker.adjustTo(MemoryPressureLevel.HIGH)).extracting(CacheShrinkReport.Resize::cache)
                .containsExactly("bounded");
        assertThat(shrinker.caches()).containsExactly(new CacheShrinkReport.CacheSnapshot("bounded", true, 5L, 10L),
                new CacheShrinkReport.CacheSnapshot("unbounded", false, null, null));
    }

    @Test
    void aSmallCacheKeepsAtLeastOneEntry() {
        Cache<Integer, String> cache = sized(3);
        shrinker.register("tiny", cache);
        shrinker.adjustTo(MemoryPressureLevel.CRITICAL);
        assertThat(maximumOf(cache)).isEqualTo(1);
    }

    @Test
    void cachesOfSourcesAreFoundAtEachChange() {
        Map<String, Cache<?, ?>> managed = new ConcurrentHashMap<>();
        shrinker.addSource(() -> managed);
        shrinker.addSource(() -> {
            throw new IllegalStateException("cache manager closed");
        });
        shrinker.adjustTo(MemoryPressureLevel.HIGH);
        Cache<Integer, String> late = sized(100);
        managed.put("late", late);
        shrinker.adjustTo(MemoryPressureLevel.CRITICAL);
        assertThat(maximumOf(late)).isEqualTo(10);
        shrinker.adjustTo(MemoryPressureLevel.NONE);
        assertThat(maximumOf(late)).isEqualTo(100);
        assertThat(shrinker.listenerFailures()).as("the failing source, once per change").isEqualTo(3);
    }

    @Test
    void listenersAndRecentResizesReportWhatWasDone() {
        List<CacheShrinkReport.Resize> told = new CopyOnWriteArrayList<>();
        shrinker.addListener(resize -> {
            throw new IllegalStateException("boom");
        });
        shrinker.addListener(told::add);
        shrinker.register("users", sized(1000));
        for (int i = 0; i < 20; i++) {
            shrinker.adjustTo(MemoryPressureLevel.HIGH);
            shrinker.adjustTo(MemoryPressureLevel.NONE);
        }
        assertThat(told).hasSize(40);
        assertThat(shrinker.listenerFailures()).isEqualTo(40);
        assertThat(shrinker.recentResizes()).hasSize(32).last()
                .isEqualTo(new CacheShrinkReport.Resize("users", 500, 1000, MemoryPressureLevel.NONE, NOW));
        assertThat(told.get(0).isShrink()).isTrue();
    }

    @Test
    void followsTheMonitorUntilClosed() {
        Cache<Integer, String> cache = sized(100);
        shrinker.register("users", cache);
        TestPressureMonitor monitor = new TestPressureMonitor();
        EffectivePressure pressure = EffectivePressure.of(monitor);
        pressure.subscribe(shrinker);
        monitor.setLevel(MemoryPressureLevel.HIGH);
        assertThat(maximumOf(cache)).isEqualTo(50);
        pressure.close();
        assertThat(monitor.listeners()).isEmpty();
        monitor.setLevel(MemoryPressureLevel.NONE);
        assertThat(maximumOf(cache)).isEqualTo(50);
    }

    @Test
    void factorsAndNamesAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> CaffeineCacheShrinker.builder().highFactor(0))
                .withMessage("highFactor must be in (0, 1], was 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> CaffeineCacheShrinker.builder().criticalFactor(1.5))
                .withMessage("criticalFactor must be in (0, 1], was 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CaffeineCacheShrinker.builder().highFactor(0.5).criticalFactor(0.6).build())
                .withMessage("criticalFactor must not exceed highFactor (0.5), was 0.6");
        shrinker.register("users", sized(10));
        assertThatIllegalArgumentException().isThrownBy(() -> shrinker.register("users", sized(10)))
                .withMessage("A cache named 'users' is registered already");
    }

    private static Cache<Integer, String> sized(long maximum) {
        return Caffeine.newBuilder().maximumSize(maximum).executor(Runnable::run).build();
    }

    private static long maximumOf(Cache<?, ?> cache) {
        return cache.policy().eviction().orElseThrow().getMaximum();
    }
}
