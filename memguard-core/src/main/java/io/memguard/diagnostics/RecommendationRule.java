package io.memguard.diagnostics;

import java.util.List;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

/**
 * Turns observations into advice of one kind.
 */
@FunctionalInterface
interface RecommendationRule {

    /**
     * The advice this rule gives for what was observed.
     *
     * @param observations what was observed
     * @return the recommendations, empty when this rule has nothing to say
     */
    List<Recommendation> recommend(MemoryObservations observations);
}
