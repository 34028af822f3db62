package io.memguard.diagnostics;

/**
 * Fills in what one part of the service knows about memory, as evidence for recommendations: the JVM its
 * heap and collector, a buffer pool its buckets' reuse, the configuration its settings.
 *
 * <p>Contributors run one after the other on the same builder, so a later contributor overrides a figure an
 * earlier one set (list-valued figures, such as bucket reuse, accumulate).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MemoryObservationContributor {

    /**
     * Adds this contributor's observations.
     *
     * @param observations the observations being collected
     */
    void contribute(MemoryObservations.Builder observations);
}
