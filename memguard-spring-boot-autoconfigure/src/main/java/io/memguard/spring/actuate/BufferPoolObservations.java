package io.memguard.spring.actuate;

import java.util.Objects;

import io.memguard.buffer.BufferPoolSnapshot;
import io.memguard.buffer.BufferPool;
import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.MemoryObservations;

/**
 * The buffer pool's evidence for {@code /actuator/memory/recommendations}: how well each bucket reuses its
 * buffers, so that a bucket that mostly allocates can be pointed out.
 *
 * @since 0.1.0
 */
public final class BufferPoolObservations implements MemoryObservationContributor {

    private final BufferPool pool;

    /**
     * Observes {@code pool}.
     *
     * @param pool the buffer pool
     */
    public BufferPoolObservations(BufferPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public void contribute(MemoryObservations.Builder observations) {
        for (BufferPoolSnapshot.Bucket bucket : pool.snapshot().buckets()) {
            observations.addBucketReuse(
                    new MemoryObservations.BucketReuse(bucket.size(), bucket.acquired(), bucket.reuseRatio()));
        }
    }
}
