package io.memguard.spring.actuate;

import java.util.List;

import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.RecommendationEngine;

/**
 * The {@code recommendations} section of {@code /actuator/memory}: advice computed, when asked, from what
 * every {@link MemoryObservationContributor} observed.
 *
 * @since 0.1.0
 */
public final class RecommendationsEndpointSection implements MemoryEndpointSection {

    private final RecommendationEngine engine;

    private final List<MemoryObservationContributor> contributors;

    /**
     * Creates the section.
     *
     * @param engine       turns observations into advice
     * @param contributors where observations come from, in order
     */
    public RecommendationsEndpointSection(RecommendationEngine engine, List<MemoryObservationContributor> contributors) {
        this.engine = engine;
        this.contributors = List.copyOf(contributors);
    }

    @Override
    public String name() {
        return "recommendations";
    }

    @Override
    public RecommendationsDescriptor describe() {
        return new RecommendationsDescriptor(engine.recommend(contributors));
    }
}
