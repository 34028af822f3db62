package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.pressure.MemoryPressureLevel;

class RecommendationEngineTests {

    private static final long MIB = 1024 * 1024;

    private final RecommendationEngine engine = RecommendationEngine.builder().build();

    /** A healthy instance: a 1 GiB heap in a 2 GiB container, little GC, pools that reuse well. */
    private static MemoryObservations.Builder healthy() {
        return MemoryObservations.builder()
                .maxHeapBytes(1024 * MIB)
                .containerLimitBytes(2048 * MIB)
                .explicitGcDisabled(false)
                .gcHintsEnabled(true)
                .addBucketReuse(new MemoryObservations.BucketReuse(16384, 100_000, 0.99))
                .gcOverhead(0.01)
                .availableMemoryBytes(800 * MIB)
                .perWorkerMemoryBytes(4 * MIB)
                .workerConcurrency(200)
                .lowMemoryModeEnabled(true)
                .pressureHistory(new MemoryObservations.PressureHistory(MemoryPressureLevel.CRITICAL, 2, 1,
                        Duration.ofMinutes(3)));
    }

    @Test
    void saysNothingAboutAHealthyInstance() {
        assertThat(engine.recommend(healthy().build())).isEmpty();
    }

    @Test
    void saysNothingWhenNothingWasObserved() {
        assertThat(engine.recommend(MemoryObservations.builder().build())).isEmpty();
    }

    @Test
    void advisesASmallerHeapWhenItIsTooCloseToTheContainerLimit() {
        List<Recommendation> recommendations = engine.recommend(healthy().maxHeapBytes(1900 * MIB).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.id()).isEqualTo("heap-near-container-limit");
            assertThat(recommendation.advice()).contains("1.9 GiB", "93%", "2 GiB", "leaving 148 MiB",
                    "-XX:MaxRAMPercentage=75", "Lower -Xmx to about 1.5 GiB");
            assertThat(recommendation.evidence()).containsEntry("maxHeapBytes", 1900 * MIB)
                    .containsEntry("containerLimitBytes", 2048 * MIB)
                    .containsEntry("headroomBytes", 148 * MIB)
                    .containsEntry("suggestedMaxHeapBytes", 2048 * MIB / 100 * 75);
        });
    }

    @Test
    void advisesAgainstGcHintsWhenExplicitGcIsDisabled() {
        List<Recommendation> recommendations = engine.recommend(healthy().explicitGcDisabled(true).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.id()).isEqualTo("gc-hints-without-explicit-gc");
            assertThat(recommendation.advice()).contains("memguard.gc.hint-enabled=false", "-XX:+DisableExplicitGC");
            assertThat(recommendation.evidence()).containsEntry("explicitGcDisabled", true)
                    .containsEntry("gcHintsEnabled", true);
        });
        assertThat(engine.recommend(healthy().explicitGcDisabled(true).gcHintsEnabled(false).build())).isEmpty();
    }

    @Test
    void reportsEachBufferBucketWithLowReuse() {
        List<Recommendation> recommendations = engine.recommend(healthy()
                .addBucketReuse(new MemoryObservations.BucketReuse(4096, 52_000, 0.12))
                .addBucketReuse(new MemoryObservations.BucketReuse(1024 * 1024, 5_000, 0.3))
                .addBucketReuse(new MemoryObservations.BucketReuse(1024, 999, 0.0))
                .build());

        assertThat(recommendations).extracting(Recommendation::id).containsExactly("low-buffer-reuse",
                "low-buffer-reuse");
        assertThat(recommendations.get(0).advice()).startsWith("The 4 KiB buffer bucket reused only 12% of its"
                + " buffers over 52,000 acquisitions");
        assertThat(recommendations.get(0).evidence()).containsEntry("bucketBytes", 4096L)
                .containsEntry("reuseRatio", 0.12);
        assertThat(recommendations.get(1).evidence()).containsEntry("bucketBytes", 1024L * 1024);
    }

    @Test
    void reportsGcOverheadAboveTheThreshold() {
        List<Recommendation> recommendations = engine.recommend(healthy().gcOverhead(0.25).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.id()).isEqualTo("gc-overhead");
            assertThat(recommendation.advice()).startsWith("The JVM spent 25% of its time collecting garbage"
                    + " (threshold 10%)");
            assertThat(recommendation.evidence()).containsEntry("gcOverhead", 0.25).containsEntry("threshold", 0.1);
        });
    }

    @Test
    void suggestsAWorkerConcurrencyThatFitsTheMemoryAvailable() {
        List<Recommendation> recommendations = engine.recommend(healthy().perWorkerMemoryBytes(16 * MIB).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.id()).isEqualTo("worker-concurrency");
            assertThat(recommendation.advice()).contains("at most 50 workers fit in memory (configured now: 200)");
            assertThat(recommendation.evidence()).containsEntry("suggestedConcurrency", 50L)
                    .containsEntry("workerConcurrency", 200);
        });
    }

    @Test
    void suggestsAWorkerConcurrencyWhenTheConfiguredOneIsUnknown() {
        List<Recommendation> recommendations = engine.recommend(healthy().workerConcurrency(-1).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.evidence()).containsEntry("suggestedConcurrency", 200L)
                    .doesNotContainKey("workerConcurrency");
        });
    }

    @Test
    void advisesEnablingLowMemoryModeAfterHighPressure() {
        List<Recommendation> recommendations = engine.recommend(healthy().lowMemoryModeEnabled(false).build());

        assertThat(recommendations).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.id()).isEqualTo("enable-low-memory-mode");
            assertThat(recommendation.advice()).contains("reached HIGH or above 2 time(s) (CRITICAL 1 time(s)), for"
                    + " 180 s", "memguard.low-memory.enabled=true");
            assertThat(recommendation.evidence()).containsEntry("peakLevel", "CRITICAL");
        });
        assertThat(engine.recommend(healthy().lowMemoryModeEnabled(false)
                .pressureHistory(MemoryObservations.PressureHistory.NONE).build())).as("no pressure seen").isEmpty();
    }

    @Test
    void thresholdsAreConfigurable() {
        RecommendationEngine strict = RecommendationEngine.builder().maxHeapToContainerRatio(0.4)
                .gcOverheadThreshold(0.01).minBucketReuseRatio(0.995).minBucketAcquisitions(0).build();

        assertThat(strict.recommend(healthy().build())).extracting(Recommendation::id)
                .containsExactly("heap-near-container-limit", "low-buffer-reuse", "gc-overhead");
    }

    @Test
    void runsAddedRulesAfterTheDefaultOnes() {
        RecommendationEngine withRule = RecommendationEngine.builder()
                .addRule(observations -> List.of(new Recommendation("custom", "advice", java.util.Map.of())))
                .build();

        assertThat(withRule.recommend(healthy().gcOverhead(0.5).build())).extracting(Recommendation::id)
                .containsExactly("gc-overhead", "custom");
    }

    @Test
    void collectsFromContributorsAndSkipsOneThatFails() {
        List<MemoryObservationContributor> contributors = List.of(
                observations -> observations.maxHeapBytes(1900 * MIB),
                observations -> {
                    throw new IllegalStateException("broken contributor");
                },
                observations -> observations.containerLimitBytes(2048 * MIB));

        assertThat(engine.recommend(contributors)).extracting(Recommendation::id)
                .containsExactly("heap-near-container-limit");
        assertThat(engine.contributorFailures()).isEqualTo(1);
    }

    @Test
    void rejectsThresholdsOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecommendationEngine.builder().maxHeapToContainerRatio(1.0).build())
                .withMessage("maxHeapToContainerRatio must be in (0..1), was 1.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecommendationEngine.builder().gcOverheadThreshold(0).build())
                .withMessage("gcOverheadThreshold must be in (0..1], was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecommendationEngine.builder().minBucketReuseRatio(2).build())
                .withMessage("minBucketReuseRatio must be in (0..1], was 2.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RecommendationEngine.builder().minBucketAcquisitions(-1).build())
                .withMessage("minBucketAcquisitions must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new MemoryObservations.BucketReuse(1024, 1, 1.5))
                .withMessage("reuseRatio must be in [0..1], was 1.5");
    }
}
