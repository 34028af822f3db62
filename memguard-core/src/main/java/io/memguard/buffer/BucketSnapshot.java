package io.memguard.buffer;

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
public record BucketSnapshot(int size, long acquired, long released, long hits, long misses, double reuseRatio,
        long inUse, int retained, long retainedBytes, long dropped, long trimmed, long leaked) {
}
