package io.memguard.diagnostics;

/**
 * How well one bucket of a buffer pool reuses its buffers.
 *
 * @param bucketBytes  the size of the bucket's buffers, in bytes
 * @param acquisitions buffers handed out by the bucket
 * @param reuseRatio   the fraction of acquisitions served by a reused buffer, in [0..1]
 * @since 0.1.0
 */
public record BucketReuse(long bucketBytes, long acquisitions, double reuseRatio) {

    public BucketReuse {
        if (!(reuseRatio >= 0 && reuseRatio <= 1)) {
            throw new IllegalArgumentException("reuseRatio must be in [0..1], was " + reuseRatio);
        }
    }
}
