package io.memguard.spring.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.pool.ObjectPool;
import io.memguard.pool.ObjectPoolRegistry;
import io.memguard.pool.ObjectPoolSnapshot;

/**
 * Meters of every pool in an {@link ObjectPoolRegistry}, present and registered later, tagged {@code pool} with
 * the pool's name. In Prometheus form: {@code memguard_object_pool_in_use{pool="parsers"}}.
 *
 * @since 0.1.0
 */
public final class ObjectPoolMetrics implements MeterBinder {

    /** Objects lent now. */
    public static final String IN_USE = "memguard.object.pool.in.use";

    /** Idle objects ready to lend. */
    public static final String AVAILABLE = "memguard.object.pool.available";

    /** Objects that exist now, lent and idle. */
    public static final String ALLOCATED = "memguard.object.pool.allocated";

    /** The most objects the pool holds. */
    public static final String MAX = "memguard.object.pool.max";

    /** Borrowers waiting now. */
    public static final String WAITING = "memguard.object.pool.waiting";

    /** Share of borrows served by an existing object. */
    public static final String REUSE = "memguard.object.pool.reuse";

    /** Objects the factory made (not {@code created}: Prometheus reserves the {@code _created} suffix). */
    public static final String CREATIONS = "memguard.object.pool.creations";

    /** Objects let go. */
    public static final String DESTROYED = "memguard.object.pool.destroyed";

    /** Borrows served. */
    public static final String BORROWS = "memguard.object.pool.borrows";

    /** Borrows served by an existing object. */
    public static final String REUSED = "memguard.object.pool.reused";

    /** Borrows that gave up waiting. */
    public static final String TIMEOUTS = "memguard.object.pool.timeouts";

    /** Borrows reported abandoned. */
    public static final String ABANDONED = "memguard.object.pool.abandoned";

    private final ObjectPoolRegistry registry;

    /**
     * Creates the binder.
     *
     * @param registry the pools to measure
     */
    public ObjectPoolMetrics(ObjectPoolRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        registry.pools().forEach(pool -> bind(meters, pool));
        registry.onRegistration(pool -> bind(meters, pool));
    }

    private static void bind(MeterRegistry meters, ObjectPool<?> pool) {
        Tags tags = Tags.of("pool", pool.name());
        gauge(meters, IN_USE, "Objects lent now", tags, pool, ObjectPoolSnapshot::inUse);
        gauge(meters, AVAILABLE, "Idle objects ready to lend", tags, pool, ObjectPoolSnapshot::available);
        gauge(meters, ALLOCATED, "Objects that exist now, lent and idle", tags, pool, ObjectPoolSnapshot::allocated);
        gauge(meters, MAX, "The most objects the pool holds", tags, pool, ObjectPoolSnapshot::maxSize);
        gauge(meters, WAITING, "Borrowers waiting for an object now", tags, pool, ObjectPoolSnapshot::waiting);
        gauge(meters, REUSE, "Share of borrows served by an existing object", tags, pool,
                ObjectPoolSnapshot::reuseRatio);
        counter(meters, CREATIONS, "Objects the factory made", tags, pool, ObjectPoolSnapshot::created);
        counter(meters, DESTROYED, "Objects let go: trimmed, failed reset, or returned while retention was paused",
                tags, pool, ObjectPoolSnapshot::destroyed);
        counter(meters, BORROWS, "Borrows served", tags, pool, ObjectPoolSnapshot::borrowed);
        counter(meters, REUSED, "Borrows served by an existing object", tags, pool, ObjectPoolSnapshot::reused);
        counter(meters, TIMEOUTS, "Borrows that gave up waiting for an object", tags, pool,
                ObjectPoolSnapshot::timeouts);
        counter(meters, ABANDONED, "Borrows reported abandoned", tags, pool, ObjectPoolSnapshot::abandoned);
    }

    private static void gauge(MeterRegistry meters, String name, String description, Tags tags, ObjectPool<?> pool,
            ToDoubleFunction<ObjectPoolSnapshot> value) {
        Gauge.builder(name, pool, p -> value.applyAsDouble(p.snapshot())).tags(tags).description(description)
                .register(meters);
    }

    private static void counter(MeterRegistry meters, String name, String description, Tags tags,
            ObjectPool<?> pool, ToDoubleFunction<ObjectPoolSnapshot> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.snapshot())).tags(tags).description(description)
                .register(meters);
    }
}
