package io.memguard.buffer;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jctools.queues.MpmcArrayQueue;
import org.jspecify.annotations.Nullable;

import io.memguard.internal.IdentityIndex;

/**
 * One size class of a {@link DefaultBufferPool}: the records of all its buffers, the queue of retained buffers
 * that any thread may take, its share of the retention budget and the counters of the paths that do not go
 * through a thread cache.
 */
final class Bucket {

    final DefaultBufferPool pool;

    /** Position in the pool's bucket array, or -1 for the records of unpooled buffers. */
    final int index;

    final int size;

    /** Every buffer of this bucket that is acquired or retained, by identity. */
    final IdentityIndex<Slot> slots = new IdentityIndex<>();

    /** Retained buffers that any thread may take; each holds one reserved unit. Null for unpooled buffers. */
    private final @Nullable MpmcArrayQueue<Slot> shared;

    /** Units of retention reserved by the shared queue and by thread caches, at most max-per-bucket. */
    final AtomicInteger reservedUnits = new AtomicInteger();

    /** Hits served by the shared queue, and those of threads that ended. */
    final LongAdder hits = new LongAdder();

    /** Releases that did not go to a thread cache, and those of threads that ended. */
    final LongAdder releases = new LongAdder();

    final LongAdder misses = new LongAdder();

    final LongAdder dropped = new LongAdder();

    final LongAdder trimmed = new LongAdder();

    final LongAdder leaked = new LongAdder();

    /** Failed reservations, to reclaim the idle reservations of thread caches now and then, not every time. */
    final AtomicInteger failedReservations = new AtomicInteger();

    Bucket(DefaultBufferPool pool, int index, int size, int maxPerBucket) {
        this.pool = pool;
        this.index = index;
        this.size = size;
        this.shared = index < 0 ? null : new MpmcArrayQueue<>(Math.max(2, maxPerBucket));
    }

    /** The shared queue of a pooled bucket; the pool never asks the unpooled records for one. */
    MpmcArrayQueue<Slot> shared() {
        return Objects.requireNonNull(shared, "the records of unpooled buffers have no shared queue");
    }
}
