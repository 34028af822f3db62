package io.memguard.spring.actuate;

import java.util.List;

import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPoolSnapshot;

/**
 * The {@code buffers} section of {@code /actuator/memory}: the buffer pool's settings, totals and buckets.
 *
 * @since 0.1.0
 */
public final class BuffersEndpointSection implements MemoryEndpointSection {

    private final BufferPool pool;

    /**
     * Creates the section.
     *
     * @param pool the pool to describe
     */
    public BuffersEndpointSection(BufferPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "buffers";
    }

    @Override
    public BuffersDescriptor describe() {
        BufferPoolSnapshot stats = pool.snapshot();
        List<BucketDescriptor> buckets = stats.buckets().stream().map(BucketDescriptor::of).toList();
        long trimmedBytes = buckets.stream().mapToLong(BucketDescriptor::trimmedBytes).sum();
        return new BuffersDescriptor(stats.direct(), stats.leakDetection().name().toLowerCase(java.util.Locale.ROOT),
                stats.samplingInterval(), stats.level().name(), stats.retentionPaused(), stats.maxPerBucket(),
                stats.maxRetainedBytes(), stats.retainedBytes(), trimmedBytes, stats.inUse(), stats.unpooled(),
                stats.unpooledBytes(), stats.leaked(), buckets);
    }

    /**
     * The buffer pool as {@code /actuator/memory/buffers} shows it.
     *
     * @param direct           whether buffers are direct
     * @param leakDetection    the leak detection level
     * @param samplingInterval one acquisition in how many records its stack at the sampled level
     * @param level            the pressure level the pool last saw
     * @param retentionPaused  whether released buffers are dropped instead of retained
     * @param maxPerBucket     the most buffers retained per bucket
     * @param maxRetainedBytes the most bytes retained
     * @param retainedBytes    bytes retained now
     * @param trimmedBytes     bytes of retained buffers let go by trims (pressure, low-memory mode), in all buckets
     * @param inUse            buffers acquired and not yet released
     * @param unpooled         acquisitions larger than the largest bucket
     * @param unpooledBytes    bytes of those
     * @param leaks            buffers collected while acquired
     * @param buckets          each bucket, smallest first
     * @since 0.1.0
     */
    public record BuffersDescriptor(boolean direct, String leakDetection, int samplingInterval, String level,
            boolean retentionPaused, int maxPerBucket, long maxRetainedBytes, long retainedBytes, long trimmedBytes,
            long inUse, long unpooled,
            long unpooledBytes, long leaks, List<BucketDescriptor> buckets) {
    }

    /**
     * One bucket as {@code /actuator/memory/buffers} shows it.
     *
     * @param size          the bucket's buffer capacity in bytes
     * @param acquired      acquisitions
     * @param released      releases
     * @param hits          acquisitions served by reuse
     * @param misses        acquisitions that created a buffer
     * @param reuseRatio    hits over acquisitions
     * @param inUse         buffers out now
     * @param retained      buffers retained now
     * @param retainedBytes bytes retained now
     * @param dropped       releases dropped over a bound or while paused
     * @param trimmed       retained buffers let go by trims
     * @param trimmedBytes  bytes of those
     * @param leaks         buffers collected while acquired
     * @since 0.1.0
     */
    public record BucketDescriptor(int size, long acquired, long released, long hits, long misses, double reuseRatio,
            long inUse, int retained, long retainedBytes, long dropped, long trimmed, long trimmedBytes, long leaks) {

        static BucketDescriptor of(BufferPoolSnapshot.Bucket bucket) {
            return new BucketDescriptor(bucket.size(), bucket.acquired(), bucket.released(), bucket.hits(),
                    bucket.misses(), bucket.reuseRatio(), bucket.inUse(), bucket.retained(), bucket.retainedBytes(),
                    bucket.dropped(), bucket.trimmed(), bucket.trimmed() * bucket.size(), bucket.leaked());
        }
    }
}
