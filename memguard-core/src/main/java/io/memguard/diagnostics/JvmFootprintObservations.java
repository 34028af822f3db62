package io.memguard.diagnostics;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Contributes what the JVM may take from its container, {@link JvmFootprint}, measured when the observations are
 * collected (non-heap memory and the thread count change after start-up).
 */
final class JvmFootprintObservations implements MemoryObservationContributor {

    private final Supplier<JvmFootprint> footprint;

    /**
     * Observes this JVM.
     *
     * @return the contributor
     */
    static JvmFootprintObservations ofThisJvm() {
        return new JvmFootprintObservations(JvmFootprint::ofThisJvm);
    }

    /**
     * Observes what {@code footprint} measures.
     *
     * @param footprint measures the footprint on each call
     */
    JvmFootprintObservations(Supplier<JvmFootprint> footprint) {
        this.footprint = Objects.requireNonNull(footprint, "footprint");
    }

    @Override
    public void contribute(MemoryObservations.Builder observations) {
        observations.footprint(footprint.get());
    }
}
