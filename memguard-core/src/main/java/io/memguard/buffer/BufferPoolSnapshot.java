package io.memguard.buffer;

import java.util.List;
import java.util.Objects;

import io.memguard.buffer.BufferPool.LeakDetection;
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
        List<Bucket> buckets) {

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
    public Bucket bucket(int size) {
        for (Bucket bucket : buckets) {
            if (bucket.size() == size) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("No bucket of " + size + " bytes; buckets are "
                + buckets.stream().map(Bucket::size).toList());
    }

    /**
     * Counters of one size bucket of a {@link BufferPool}, read at one moment. Counters that several threads
     * update are summed without stopping them, so a value may lag the others by the operations in flight.
     *
     * @param size          the capacity of this bucket's buffers, in bytes
     * @param acquired      acquisitions served from this bucket, {@code hits + misses}
     * @param released      buffers released back (whether retained or dropped)
     * @param hits          acquisitions served by reusing a retained buffer
     * @param misses        acquisitions that had to create a buffer
     * @param reuseRatio    {@code hits / acquired}, in [0..1]; 0 before the first acquisition
     * @param inUse         buffers acquired and not yet released nor leaked
     * @param retained      buffers the pool holds for reuse now
     * @param retainedBytes bytes the pool holds for reuse now, {@code retained * size}
     * @param dropped       released buffers let go because a bound was reached or retention was paused
     * @param trimmed       retained buffers let go by a trim: under memory pressure, on request or on close
     * @param leaked        buffers garbage collected while still acquired
     * @since 0.1.0
     */
    public record Bucket(int size, long acquired, long released, long hits, long misses, double reuseRatio,
            long inUse, int retained, long retainedBytes, long dropped, long trimmed, long leaked) {
    }
}
