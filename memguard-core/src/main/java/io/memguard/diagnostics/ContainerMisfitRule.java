package io.memguard.diagnostics;

import java.util.List;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

/**
 * A JVM sized larger than its container, see {@link ContainerMisfit}: {@code jvm-exceeds-container-limit}.
 */
final class ContainerMisfitRule implements RecommendationRule {

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        JvmFootprint footprint = observations.footprint();
        if (footprint == null) {
            return List.of();
        }
        return ContainerMisfit.check(footprint, observations.containerLimitBytes())
                .map(misfit -> List.of(new Recommendation("jvm-exceeds-container-limit", misfit.message(),
                        misfit.evidence())))
                .orElse(List.of());
    }
}
