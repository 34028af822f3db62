package io.memguard.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import io.memguard.buffer.BufferPool.LeakDetection;

/**
 * One thread's private stacks of retained buffers, one stack per bucket, and that thread's counters.
 *
 * <p>The owning thread uses it on every acquire and release; another thread touches it only to trim it under
 * memory pressure, to reclaim its unused reservations, or to retire it once its owner has ended. A lock word
 * lets both happen safely: the owner takes it with one uncontended compare-and-set that stays in the owner's
 * core cache, and if it ever finds it taken (a trim in progress) it does not wait but goes to the bucket's
 * shared queue. The other thread spins for it, which is short because the owner holds it for a few
 * instructions.
 *
 * <p>A stack may hold only as many buffers as it has reserved units of the pool's retention budget, so the
 * pool's bounds hold over all threads together; units are reserved one at a time on release, kept while the
 * buffer is out (it is expected back), and returned when the cache is trimmed, reclaimed or retired.
 *
 * <p>Counts and counters are written by the lock holder with opaque stores and read by statistics without the
 * lock, which may see them a few operations late but never torn.
 */
final class ThreadCache {

    private static final VarHandle LOCK;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(ThreadCache.class, "lock", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final WeakReference<Thread> owner;

    final int capacity;

    private final Slot[][] stacks;

    private final int[] counts;

    private final int[] reserved;

    private final long[] hits;

    private final long[] releases;

    /**
     * The slot of the buffer last handed out to the owner, which is usually the next one it releases; touched by
     * the owner only. Holding the slot does not keep its buffer alive (the slot refers to it weakly), so a buffer
     * the owner drops is still collected and reported as a leak.
     */
    private @Nullable Slot lastHandedOut;

    /** Acquisitions until the next one leak detection records; touched by the owner only. */
    private int untilSample;

    @SuppressWarnings("unused") // through LOCK
    private volatile int lock;

    ThreadCache(Thread owner, int buckets, int capacity, int samplingInterval) {
        this.owner = new WeakReference<>(owner);
        this.capacity = capacity;
        this.stacks = new Slot[buckets][capacity];
        this.counts = new int[buckets];
        this.reserved = new int[buckets];
        this.hits = new long[buckets];
        this.releases = new long[buckets];
        this.untilSample = samplingInterval;
    }

    /** Takes a retained buffer of the bucket, or returns {@code null} if there is none or a trim is running. */
    @Nullable Slot poll(int bucket) {
        if (capacity == 0 || !tryLock()) {
            return null;
        }
        Slot slot = null;
        int count = counts[bucket];
        if (count > 0) {
            Slot[] stack = stacks[bucket];
            slot = stack[--count];
            stack[count] = null;
            INTS.setOpaque(counts, bucket, count);
            LONGS.setOpaque(hits, bucket, hits[bucket] + 1);
        }
        unlock();
        return slot;
    }

    /**
     * Keeps a released buffer, reserving a unit of the pool's budget if the stack has none spare.
     *
     * @return {@code false} if the buffer must go elsewhere: the stack is full, the budget is spent, retention is
     *         paused, or a trim is running
     */
    boolean offer(Slot slot, DefaultBufferPool pool) {
        if (capacity == 0 || !tryLock()) {
            return false;
        }
        try {
            int bucket = slot.bucket.index;
            int count = counts[bucket];
            if (pool.retentionPaused()) {
                return false;
            }
            if (count == reserved[bucket]) {
                if (count == capacity || !pool.reserve(slot.bucket)) {
                    return false;
                }
                reserved[bucket]++;
            }
            stacks[bucket][count] = slot;
            INTS.setOpaque(counts, bucket, count + 1);
            LONGS.setOpaque(releases, bucket, releases[bucket] + 1);
            return true;
        }
        finally {
            unlock();
        }
    }

    /**
     * Takes over the reservation of a buffer that came from the shared queue, so that the buffer can come back
     * to this stack without reserving again.
     *
     * @return {@code false} if this cache cannot take it: the caller returns the unit to the budget
     */
    boolean adoptReservation(int bucket, DefaultBufferPool pool) {
        if (capacity == 0 || !tryLock()) {
            return false;
        }
        boolean adopted = !pool.retentionPaused() && reserved[bucket] < capacity;
        if (adopted) {
            reserved[bucket]++;
        }
        unlock();
        return adopted;
    }

    /**
     * Lets go of a share of each stack's buffers and of the reservations not backed by a buffer: called by any
     * thread, which waits for the lock.
     */
    void trim(double fraction, DefaultBufferPool pool) {
        lock();
        try {
            for (int bucket = 0; bucket < counts.length; bucket++) {
                Slot[] stack = stacks[bucket];
                int count = counts[bucket];
                int toTrim = (int) Math.ceil(count * fraction);
                for (int i = 0; i < toTrim; i++) {
                    Slot slot = stack[--count];
                    stack[count] = null;
                    pool.letGo(slot);
                }
                INTS.setOpaque(counts, bucket, count);
                pool.giveBack(pool.bucket(bucket), reserved[bucket] - count);
                reserved[bucket] = count;
            }
        }
        finally {
            unlock();
        }
    }

    /**
     * Hands every buffer, with its reservation, to the shared queues and returns the other reservations: for a
     * cache whose owner ended, so that its buffers stay in use.
     */
    void retire(DefaultBufferPool pool) {
        lock();
        try {
            for (int bucket = 0; bucket < counts.length; bucket++) {
                Slot[] stack = stacks[bucket];
                int count = counts[bucket];
                for (int i = 0; i < count; i++) {
                    pool.adoptRetained(stack[i]);
                    stack[i] = null;
                }
                INTS.setOpaque(counts, bucket, 0);
                pool.giveBack(pool.bucket(bucket), reserved[bucket] - count);
                reserved[bucket] = 0;
            }
        }
        finally {
            unlock();
        }
    }

    /** Returns the reservations of the bucket not backed by a buffer now, if the cache is free at once. */
    void reclaimIdle(Bucket bucket, DefaultBufferPool pool) {
        if (capacity == 0 || !tryLock()) {
            return;
        }
        int idle = reserved[bucket.index] - counts[bucket.index];
        reserved[bucket.index] -= idle;
        unlock();
        pool.giveBack(bucket, idle);
    }

    /** Remembers the slot just handed out to the owner; not on the cache shared by threads that have none. */
    void handedOut(Slot slot) {
        if (capacity != 0) {
            lastHandedOut = slot;
        }
    }

    /**
     * The slot of {@code buffer} if it is the buffer last handed out to the owner, found without searching; the
     * caller still checks the slot's state, as for a slot found in the index.
     *
     * @return the slot, or {@code null} if {@code buffer} is another one
     */
    @Nullable Slot lastHandedOut(ByteBuffer buffer) {
        Slot slot = lastHandedOut;
        return (slot != null && slot.isFor(buffer)) ? slot : null;
    }

    /** Whether this acquisition is one that {@link LeakDetection#SAMPLED} records; owner only. */
    boolean sample(int interval) {
        if (--untilSample > 0) {
            return false;
        }
        untilSample = interval;
        return true;
    }

    boolean ownerEnded() {
        Thread thread = owner.get();
        return thread == null || !thread.isAlive();
    }

    int count(int bucket) {
        return (int) INTS.getOpaque(counts, bucket);
    }

    long hits(int bucket) {
        return (long) LONGS.getOpaque(hits, bucket);
    }

    long releases(int bucket) {
        return (long) LONGS.getOpaque(releases, bucket);
    }

    private boolean tryLock() {
        return LOCK.compareAndSet(this, 0, 1);
    }

    private void lock() {
        int spins = 0;
        while (!tryLock()) {
            if (++spins < 64) {
                Thread.onSpinWait();
            }
            else {
                // The owner was descheduled while holding the lock: let it run.
                Thread.yield();
            }
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }
}
