package io.memguard.autoconfigure.diagnostics;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.AdaptiveConcurrencyAutoConfiguration;
import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.MemoryObservations;
import io.memguard.diagnostics.PressureHistoryRecorder;
import io.memguard.diagnostics.RecommendationEngine;
import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import java.time.Instant;
import java.util.Map;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.spring.actuate.ConfiguredObservations;
import io.memguard.spring.actuate.RecommendationsEndpointSection;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import java.time.Instant;
import java.util.Map;

class RecommendationsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    RecommendationsAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory")
            .withBean(ManualMemoryPressureMonitor.class);

    private static java.util.List<String> ids(RecommendationsEndpointSection section) {
        return section.describe().recommendations().stream().map(Recommendation::id).toList();
    }

    @Test
    void providesTheEngineTheObservationsAndTheSection() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RecommendationEngine.class)
                    .hasBean("jvmMemoryObservations")
                    .hasSingleBean(ConfiguredObservations.class)
                    .hasSingleBean(PressureHistoryRecorder.class);
            RecommendationsEndpointSection section = context.getBean(RecommendationsEndpointSection.class);
            assertThat(section.name()).isEqualTo("recommendations");
            assertThat(section.describe().recommendations()).isNotNull();
        });
    }

    @Test
    void theBuiltInContributorsComeFirstSoThatOthersCanRefineThem() {
        MemoryObservationContributor late = observations -> observations.gcOverhead(0.5);
        runner.withBean("late", MemoryObservationContributor.class, () -> late).run(context -> {
            java.util.List<MemoryObservationContributor> order = context
                    .getBeanProvider(MemoryObservationContributor.class).orderedStream().toList();
            assertThat(order).hasSize(5);
            assertThat(order.get(0)).isSameAs(context.getBean("jvmMemoryObservations"));
            assertThat(order.get(1)).isSameAs(context.getBean("jvmFootprintObservations"));
            assertThat(order.get(2)).isSameAs(context.getBean("pressureSnapshotObservations"));
            assertThat(order.get(3)).isInstanceOf(ConfiguredObservations.class);
            assertThat(order.get(4)).isSameAs(late);
        });
    }

    @Test
    void aContributedObservationBecomesEvidence() {
        MemoryObservationContributor pool = observations -> observations
                .addBucketReuse(new MemoryObservations.BucketReuse(4096, 50_000, 0.1));
        runner.withBean("bufferPoolObservations", MemoryObservationContributor.class, () -> pool).run(context -> {
            Recommendation recommendation = context.getBean(RecommendationsEndpointSection.class).describe()
                    .recommendations().stream().filter(r -> r.id().equals("low-buffer-reuse")).findFirst()
                    .orElseThrow();
            assertThat(recommendation.evidence()).containsEntry("bucketBytes", 4096L);
        });
    }

    @Test
    void thresholdsAreBound() {
        MemoryObservationContributor gc = observations -> observations.gcOverhead(0.5);
        runner.withBean("gcObservations", MemoryObservationContributor.class, () -> gc).run(context -> assertThat(
                ids(context.getBean(RecommendationsEndpointSection.class))).contains("gc-overhead"));
        runner.withBean("gcObservations", MemoryObservationContributor.class, () -> gc)
                .withPropertyValues("memguard.recommendations.gc-overhead-threshold=0.9")
                .run(context -> assertThat(ids(context.getBean(RecommendationsEndpointSection.class)))
                        .doesNotContain("gc-overhead"));
    }

    @Test
    void theMemoryPerWorkerLeadsToASuggestedConcurrency() {
        runner.withConfiguration(AutoConfigurations.of(AdaptiveConcurrencyAutoConfiguration.class))
                .withPropertyValues("memguard.recommendations.per-worker-memory=1GB",
                        "memguard.concurrency.max-concurrency=100000")
                .run(context -> {
                    Recommendation recommendation = context.getBean(RecommendationsEndpointSection.class).describe()
                            .recommendations().stream().filter(r -> r.id().equals("worker-concurrency")).findFirst()
                            .orElseThrow();
                    assertThat(recommendation.evidence()).containsEntry("perWorkerMemoryBytes", 1024L * 1024 * 1024)
                            .containsEntry("workerConcurrency", 100000);
                });
    }

    @Test
    void highPressureWithLowMemoryModeOffLeadsToEnablingIt() {
        runner.withPropertyValues("memguard.low-memory.enabled=false").run(context -> {
            RecommendationsEndpointSection section = context.getBean(RecommendationsEndpointSection.class);
            assertThat(ids(section)).doesNotContain("enable-low-memory-mode");

            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);

            assertThat(ids(section)).contains("enable-low-memory-mode");
        });
    }

    @Test
    void gcHintsWithExplicitGcDisabledAreReported() {
        MemoryObservationContributor jvm = observations -> observations.explicitGcDisabled(true);
        runner.withBean("explicitGc", MemoryObservationContributor.class, () -> jvm)
                .withPropertyValues("memguard.gc.hint-enabled=true")
                .run(context -> assertThat(ids(context.getBean(RecommendationsEndpointSection.class)))
                        .contains("gc-hints-without-explicit-gc"));
    }

    @Test
    void nothingWhenDisabled() {
        runner.withPropertyValues("memguard.recommendations.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RecommendationsEndpointSection.class));
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RecommendationsEndpointSection.class));
    }

    @Test
    void refusesThresholdsOutOfRange() {
        runner.withPropertyValues("memguard.recommendations.max-heap-to-container-ratio=1")
                .run(context -> assertInvalidProperty(context,
                        "memguard.recommendations.max-heap-to-container-ratio", "1.0",
                        "must be a ratio above 0 and below 1, such as 0.8"));
        runner.withPropertyValues("memguard.recommendations.gc-overhead-threshold=0")
                .run(context -> assertInvalidProperty(context,
                        "memguard.recommendations.gc-overhead-threshold", "0.0",
                        "must be a ratio above 0 and at most 1, such as 0.1"));
        runner.withPropertyValues("memguard.recommendations.min-bucket-reuse-ratio=1.5")
                .run(context -> assertInvalidProperty(context,
                        "memguard.recommendations.min-bucket-reuse-ratio", "1.5",
                        "must be a ratio above 0 and at most 1, such as 0.5"));
        runner.withPropertyValues("memguard.recommendations.min-bucket-acquisitions=-1")
                .run(context -> assertInvalidProperty(context,
                        "memguard.recommendations.min-bucket-acquisitions", "-1", "must be at least 0"));
        runner.withPropertyValues("memguard.recommendations.per-worker-memory=0B")
                .run(context -> assertInvalidProperty(context,
                        "memguard.recommendations.per-worker-memory", "0B",
                        "must be a positive size, such as 4MB, or unset"));
    }

    @Test
    void theContainerLimitComesFromThePressureMonitorsSnapshot() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long limit = maxHeap + maxHeap / 20;
        ContainerMemory container = new ContainerMemory(2, "/app", "/sys/fs/cgroup/app", maxHeap / 2, 0, maxHeap / 2,
                limit, -1);
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(new MemorySnapshot(Instant.EPOCH,
                MemoryPressureLevel.NONE, null, Map.of(), null, null, GcActivity.NONE, container, null, null));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RecommendationsAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=memory")
                .withBean(MemoryPressureMonitor.class, () -> monitor).run(context -> {
                    Recommendation recommendation = context.getBean(RecommendationsEndpointSection.class).describe()
                            .recommendations().stream().filter(r -> r.id().equals("heap-near-container-limit"))
                            .findFirst().orElseThrow();
                    assertThat(recommendation.evidence()).containsEntry("containerLimitBytes", limit)
                            .containsEntry("maxHeapBytes", maxHeap);
                });
    }
}
