package io.memguard.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;
import io.memguard.pool.ObjectPoolSnapshot;

/**
 * The {@code objects} section of {@code /actuator/memory}: every registered object pool, by name.
 *
 * @since 0.1.0
 */
public final class ObjectsEndpointSection implements MemoryEndpointSection {

    private final ObjectPoolRegistry registry;

    /**
     * Creates the section.
     *
     * @param registry the pools to describe
     */
    public ObjectsEndpointSection(ObjectPoolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "objects";
    }

    @Override
    public ObjectPoolsDescriptor describe() {
        Map<String, ObjectPoolDescriptor> pools = new LinkedHashMap<>();
        for (ObjectPool<?> pool : registry.pools()) {
            pools.put(pool.name(), ObjectPoolDescriptor.of(pool.snapshot()));
        }
        return new ObjectPoolsDescriptor(pools);
    }

    /**
     * The object pools as {@code /actuator/memory/objects} shows them.
     *
     * @param pools each pool, by name
     * @since 0.1.0
     */
    public record ObjectPoolsDescriptor(Map<String, ObjectPoolDescriptor> pools) {
    }

    /**
     * One object pool as {@code /actuator/memory/objects} shows it.
     *
     * @param maxSize    the most objects it holds
     * @param allocated  objects that exist now
     * @param inUse      objects lent now
     * @param available  idle objects
     * @param waiting    borrowers waiting now
     * @param created    objects the factory made
     * @param destroyed  objects let go
     * @param borrowed   borrows served
     * @param reused     borrows served by an existing object
     * @param reuseRatio reused over borrowed
     * @param timeouts   borrows that gave up waiting
     * @param abandoned  borrows reported abandoned
     * @since 0.1.0
     */
    public record ObjectPoolDescriptor(int maxSize, int allocated, int inUse, int available, int waiting,
            long created, long destroyed, long borrowed, long reused, double reuseRatio, long timeouts,
            long abandoned) {

        static ObjectPoolDescriptor of(ObjectPoolSnapshot stats) {
            return new ObjectPoolDescriptor(stats.maxSize(), stats.allocated(), stats.inUse(), stats.available(),
                    stats.waiting(), stats.created(), stats.destroyed(), stats.borrowed(), stats.reused(),
                    stats.reuseRatio(), stats.timeouts(), stats.abandoned());
        }
    }
}
