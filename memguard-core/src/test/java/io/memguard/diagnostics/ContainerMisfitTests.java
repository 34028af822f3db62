package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

class ContainerMisfitTests {

    private static final long MIB = 1024 * 1024;

    /** 512 MiB heap, 64 MiB direct (set), 100 MiB non-heap, 50 threads of 1 MiB: 726 MiB in all. */
    private static final JvmFootprint FOOTPRINT = new JvmFootprint(512 * MIB, 64 * MIB, false, 100 * MIB, 50 * MIB);

    @Test
    void aJvmThatFitsIsLeftAlone() {
        assertThat(ContainerMisfit.check(FOOTPRINT, 1024 * MIB)).isEmpty();
        assertThat(ContainerMisfit.check(FOOTPRINT, 726 * MIB)).as("exactly at the limit").isEmpty();
    }

    @Test
    void noContainerLimitNoMisfit() {
        assertThat(ContainerMisfit.check(FOOTPRINT, -1)).isEmpty();
        assertThat(ContainerMisfit.check(FOOTPRINT, 0)).isEmpty();
    }

    @Test
    void theNonHeapPartTipsTheJvmOverTheLimit() {
        ContainerMisfit misfit = ContainerMisfit.check(FOOTPRINT, 700 * MIB).orElseThrow();

        assertThat(misfit.kind()).isEqualTo(ContainerMisfit.Kind.FOOTPRINT_OVER_LIMIT);
        // Room for the heap: 700 - 64 - 100 - 50 = 486 MiB, 69% of 700 MiB, less 5 points.
        assertThat(misfit.suggestedMaxRamPercentage()).isEqualTo(64);
        assertThat(misfit.message()).contains("700 MiB").contains("max heap 512 MiB")
                .contains("direct memory limit 64 MiB").contains("non-heap 100 MiB")
                .contains("thread stacks 50 MiB").contains("= 726 MiB").contains("-XX:MaxRAMPercentage=64")
                .doesNotContain("MaxDirectMemorySize explicitly");
        assertThat(misfit.evidence()).containsEntry("totalBytes", 726 * MIB)
                .containsEntry("suggestedMaxRamPercentage", 64);
    }

    @Test
    void anImplicitDirectLimitFollowsTheHeapSoTheSuggestionHalvesTheRoom() {
        JvmFootprint footprint = new JvmFootprint(512 * MIB, 512 * MIB, true, 100 * MIB, 50 * MIB);

        ContainerMisfit misfit = ContainerMisfit.check(footprint, 1024 * MIB).orElseThrow();

        // (1024 - 150) / 2 = 437 MiB for the heap (and as much for direct buffers): 42% of 1 GiB, less 5 points.
        assertThat(misfit.suggestedMaxRamPercentage()).isEqualTo(37);
        assertThat(misfit.message()).contains("(the default: the max heap)")
                .contains("set -XX:MaxDirectMemorySize explicitly");
    }

    @Test
    void aHeapAloneOverTheLimitIsSaidSo() {
        ContainerMisfit misfit = ContainerMisfit.check(FOOTPRINT, 500 * MIB).orElseThrow();

        assertThat(misfit.kind()).isEqualTo(ContainerMisfit.Kind.HEAP_OVER_LIMIT);
        assertThat(misfit.message()).startsWith("The max heap (512 MiB) alone exceeds the container memory limit"
                + " (500 MiB)");
        // 500 - 214 = 286 MiB: 57%, less 5 points.
        assertThat(misfit.suggestedMaxRamPercentage()).isEqualTo(52);
    }

    @Test
    void whenTheRestAloneExceedsTheLimitNoHeapIsSuggested() {
        JvmFootprint footprint = new JvmFootprint(64 * MIB, 256 * MIB, false, 100 * MIB, 50 * MIB);

        ContainerMisfit misfit = ContainerMisfit.check(footprint, 300 * MIB).orElseThrow();

        assertThat(misfit.suggestedMaxRamPercentage()).isZero();
        assertThat(misfit.message()).contains("No heap fits").doesNotContain("MaxRAMPercentage=");
    }

    @Test
    void theRuleRecommendsOnlyWithAFootprintAndALimit() {
        RecommendationEngine engine = RecommendationEngine.builder().build();

        List<Recommendation> misfit = engine.recommend(MemoryObservations.builder().footprint(FOOTPRINT)
                .containerLimitBytes(700 * MIB).build());
        List<Recommendation> noLimit = engine.recommend(MemoryObservations.builder().footprint(FOOTPRINT).build());
        List<Recommendation> noFootprint = engine.recommend(MemoryObservations.builder()
                .containerLimitBytes(700 * MIB).build());

        assertThat(misfit).extracting(Recommendation::id).containsExactly("jvm-exceeds-container-limit");
        assertThat(misfit.get(0).evidence()).containsEntry("containerLimitBytes", 700 * MIB);
        assertThat(noLimit).isEmpty();
        assertThat(noFootprint).isEmpty();
    }

    @Test
    void measuresThisJvm() {
        MemoryObservations.Builder observations = MemoryObservations.builder();
        JvmFootprintObservations.ofThisJvm().contribute(observations);
        JvmFootprint footprint = observations.build().footprint();

        assertThat(footprint.maxHeapBytes()).isEqualTo(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
                .getMax());
        assertThat(footprint.nonHeapBytes()).isPositive();
        assertThat(footprint.threadStackBytes()).isPositive();
        if (footprint.directLimitImplicit()) {
            assertThat(footprint.directLimitBytes()).isEqualTo(footprint.maxHeapBytes());
        }
        assertThat(footprint.totalBytes()).isEqualTo(footprint.maxHeapBytes() + footprint.directLimitBytes()
                + footprint.nonHeapBytes() + footprint.threadStackBytes());
    }

    @Test
    void rejectsNegativeFigures() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JvmFootprint(-1, 0, true, 0, 0))
                .withMessage("maxHeapBytes must not be negative, was -1");
    }
}
