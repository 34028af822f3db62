package io.memguard.spring.actuate;

import java.util.List;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

/**
 * The recommendations as shown at {@code /actuator/memory/recommendations}.
 *
 * @param recommendations the advice, each with its evidence; empty when there is nothing to say
 * @since 0.1.0
 */
public record RecommendationsDescriptor(List<Recommendation> recommendations) {
}
