package io.memguard.buffer;

import java.util.List;
import java.util.Objects;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * The state of a {@link BufferPool} at one moment: its settings, its totals and each bucket's counters.
 *
 * @param direct           whether the pool hands out direct buffers
 * @param leakDetection    the leak detection level
 * @param samplingInterval one acquisition in how many records its stack at {@link LeakDetection#SAMPLED}
 * @param level            the memory pressure level the pool last saw
 * @param retentionPaused  {@code true} while released buffers are dropped instead of retained (at CRITICAL
 *                         pressure and after close)
 * @param maxPerBucket     the most buffers retained per bucket
 * @param maxRetainedBytes the most bytes retained over all buckets
 * @param retainedBytes    bytes retained now over all buckets
 * @param inUse            buffers acquired and not yet released, pooled and unpooled
 * @param unpooled         acquisitions larger than the largest bucket, served without pooling
 * @param unpooledBytes    bytes of those acquisitions
 * @param leaked           buffers garbage collected while still acquired, pooled and unpooled
 * @param listenerFailures leak listener calls that threw
 * @param threadCaches     threads that hold a cache of this pool now
 * @param buckets          each bucket's counters, smallest first
 * @since 0.1.0
 */
public record BufferPoolSnapshot(boolean direct, LeakDetection leakDetection, int samplingInterval,
        MemoryPressureLevel level,
        boolean retentionPaused, int maxPerBucket, long maxRetainedBytes, long retainedBytes, long inUse,
        long unpooled, long unpooledBytes, long leaked, long listenerFailures, int threadCaches,
        List<BucketSnapshot> buckets) {

    public BufferPoolSnapshot {
        Objects.requireNonNull(leakDetection, "leakDetection");
        Objects.requireNonNull(level, "level");
        buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
    }

    /**
     * The counters of the bucket of the given size.
     *
     * @param size a bucket size in bytes
     * @return that bucket's counters
     * @throws IllegalArgumentException if the pool has no bucket of that size
     */
    public BucketSnapshot bucket(int size) {
        for (BucketSnapshot bucket : buckets) {
            if (bucket.size() == size) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("No bucket of " + size + " bytes; buckets are "
                + buckets.stream().map(BucketSnapshot::size).toList());
    }
}
