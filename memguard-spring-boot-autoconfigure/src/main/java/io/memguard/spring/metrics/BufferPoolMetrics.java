package io.memguard.spring.metrics;

import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.buffer.BufferPoolSnapshot.Bucket;
import io.memguard.buffer.BufferPool;

/**
 * Meters of a {@link BufferPool}: one series per bucket, tagged {@code bucket} with the bucket's size in bytes,
 * plus the unpooled acquisitions and whether retention is paused, registered at the pool's first acquisition. In
 * Prometheus form:
 * {@code memguard_buffer_pool_reuse{bucket="16384"}}, {@code memguard_buffer_pool_acquisitions_total{...}}.
 *
 * @since 0.1.0
 */
public final class BufferPoolMetrics implements MeterBinder {

    /** Acquisitions served by a bucket. */
    public static final String ACQUISITIONS = "memguard.buffer.pool.acquisitions";

    /** Buffers released back to a bucket. */
    public static final String RELEASES = "memguard.buffer.pool.releases";

    /** Acquisitions served by reusing a retained buffer. */
    public static final String HITS = "memguard.buffer.pool.hits";

    /** Acquisitions that created a buffer. */
    public static final String MISSES = "memguard.buffer.pool.misses";

    /** Share of acquisitions served by reuse. */
    public static final String REUSE = "memguard.buffer.pool.reuse";

    /** Buffers acquired and not yet released. */
    public static final String IN_USE = "memguard.buffer.pool.in.use";

    /** Buffers retained for reuse. */
    public static final String RETAINED = "memguard.buffer.pool.retained";

    /** Bytes retained for reuse. */
    public static final String RETAINED_BYTES = "memguard.buffer.pool.retained.bytes";

    /** Released buffers dropped because a bound was reached or retention was paused. */
    public static final String DROPPED = "memguard.buffer.pool.dropped";

    /** Retained buffers let go by a trim. */
    public static final String TRIMMED = "memguard.buffer.pool.trimmed";

    /** Buffers garbage collected while still acquired. */
    public static final String LEAKS = "memguard.buffer.pool.leaks";

    /** Acquisitions larger than the largest bucket. */
    public static final String UNPOOLED = "memguard.buffer.pool.unpooled";

    /** Bytes of acquisitions larger than the largest bucket. */
    public static final String UNPOOLED_BYTES = "memguard.buffer.pool.unpooled.bytes";

    /** 1 while released buffers are dropped instead of retained (CRITICAL pressure, closed), else 0. */
    public static final String RETENTION_PAUSED = "memguard.buffer.pool.retention.paused";

    private final BufferPool pool;

    /**
     * Creates the binder.
     *
     * @param pool the pool to measure
     */
    public BufferPoolMetrics(BufferPool pool) {
        this.pool = pool;
    }

    /**
     * Registers the meters once the pool is first acquired from: a pool the application never uses exports nothing.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        pool.whenFirstAcquired(() -> register(registry));
    }

    private void register(MeterRegistry registry) {
        for (Bucket bucket : pool.snapshot().buckets()) {
            int size = bucket.size();
            Tags tags = Tags.of("bucket", Integer.toString(size));
            counter(registry, ACQUISITIONS, "Buffers acquired from the bucket", tags, size, Bucket::acquired);
            counter(registry, RELEASES, "Buffers released to the bucket", tags, size, Bucket::released);
            counter(registry, HITS, "Acquisitions served by reusing a retained buffer", tags, size,
                    Bucket::hits);
            counter(registry, MISSES, "Acquisitions that created a buffer", tags, size, Bucket::misses);
            counter(registry, DROPPED, "Released buffers dropped because a bound was reached or retention was paused",
                    tags, size, Bucket::dropped);
            counter(registry, TRIMMED, "Retained buffers let go under memory pressure, on request or on close", tags,
                    size, Bucket::trimmed);
            counter(registry, LEAKS, "Buffers garbage collected while still acquired", tags, size,
                    Bucket::leaked);
            gauge(registry, REUSE, "Share of acquisitions served by reusing a retained buffer", tags, size,
                    Bucket::reuseRatio, null);
            gauge(registry, IN_USE, "Buffers acquired and not yet released", tags, size, Bucket::inUse, null);
            gauge(registry, RETAINED, "Buffers retained for reuse", tags, size, Bucket::retained, null);
            gauge(registry, RETAINED_BYTES, "Bytes retained for reuse", tags, size, Bucket::retainedBytes,
                    BaseUnits.BYTES);
        }
        FunctionCounter.builder(UNPOOLED, pool, p -> p.snapshot().unpooled())
                .description("Acquisitions larger than the largest bucket, served without pooling").register(registry);
        FunctionCounter.builder(UNPOOLED_BYTES, pool, p -> p.snapshot().unpooledBytes())
                .description("Bytes of acquisitions larger than the largest bucket").baseUnit(BaseUnits.BYTES)
                .register(registry);
        Gauge.builder(RETENTION_PAUSED, pool, p -> p.snapshot().retentionPaused() ? 1 : 0)
                .description("1 while released buffers are dropped instead of retained (CRITICAL pressure)")
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags, int size,
            ToDoubleFunction<Bucket> value) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.snapshot().bucket(size))).tags(tags)
                .description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, int size,
            ToDoubleFunction<Bucket> value, @Nullable String baseUnit) {
        Gauge.builder(name, pool, p -> value.applyAsDouble(p.snapshot().bucket(size))).tags(tags)
                .description(description).baseUnit(baseUnit).register(registry);
    }
}
