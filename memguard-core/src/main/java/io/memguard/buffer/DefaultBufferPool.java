package io.memguard.buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.buffer.BufferPool.BufferLeak;
import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.internal.Arguments;
import io.memguard.internal.Callers;
import io.memguard.internal.FirstUse;
import io.memguard.internal.Listeners;
import io.memguard.internal.PressureRetention;
import io.memguard.internal.VirtualThreads;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * The {@link BufferPool} that {@link BufferPool.Builder} builds.
 *
 * <h2>Algorithm</h2>
 * Every buffer has a {@link Slot}, made once when the buffer is created and found again on release through its
 * bucket's {@link io.memguard.internal.IdentityIndex} (lock-free, allocation-free), unless it is the buffer the
 * releasing thread was handed last: its cache remembers that slot
 * ({@link ThreadCache#lastHandedOut(ByteBuffer)}), so the common acquire-use-release on one thread skips the
 * bucket search and the index probe. Retained buffers sit in two tiers:
 * <ol>
 * <li>a {@link ThreadCache} per platform thread: a small stack per bucket that only its owner uses on the fast
 * path, guarded by a lock word nobody else contends for except a trim;</li>
 * <li>a bounded lock-free queue per bucket that any thread may take from or give to, used when the thread's
 * stack is empty or full, by virtual threads, and across threads (acquired on one, released on another).</li>
 * </ol>
 * Acquire pops the thread's stack, else polls the shared queue, else creates a buffer (a miss). Release checks
 * ownership (the slot must be found and must move ACQUIRED to FREE atomically), then pushes on the thread's
 * stack, else offers to the shared queue, else drops the buffer for the garbage collector.
 *
 * <p>The bounds (max-per-bucket, max-retained bytes) hold over both tiers through a retention budget of units,
 * one per retained buffer: reserved with a compare-and-set when a buffer enters the shared queue or when a
 * thread's stack grows, returned when a buffer leaves the shared queue or a stack shrinks by a trim. A thread's
 * stack keeps its units while its buffer is out, so the steady acquire/release of one thread touches no shared
 * memory at all. Units idle in other threads' stacks are reclaimed when the budget runs out, now and then.
 *
 * <p>Pressure ({@link PressureRetention}): entering HIGH trims every tier by a fraction; CRITICAL pauses retention,
 * which every path to retention re-checks after claiming its place (the thread's lock, or the queue offer), and
 * then lets every tier go, so that no buffer slips in after the purge.
 */
final class DefaultBufferPool implements BufferPool {

    private static final Logger logger = LoggerFactory.getLogger(BufferPool.class);

    /** Sampled stack traces are at least this far apart, so that their cost is bounded whatever the load. */
    static final long SAMPLED_ORIGIN_SPACING_NANOS = 10_000_000L;

    /** The classes whose frames top an acquiring stack, dropped from leak reports. */
    private static final Set<String> POOL_TYPES = Set.of(DefaultBufferPool.class.getName(),
            OnFirstUseBufferPool.class.getName(), BufferPool.class.getName(), PooledBufferLease.class.getName());

    private final Bucket[] buckets;

    private final int[] sizes;

    private final Bucket unpooled;

    private final boolean direct;

    private final int maxPerBucket;

    private final long maxRetainedBytes;

    private final AtomicLong reservedBytes = new AtomicLong();

    private final double[] adaptiveFactors;

    private final LeakDetection leakDetection;

    private final int samplingInterval;

    private final int threadCacheSize;

    private final CopyOnWriteArrayList<Consumer<BufferLeak>> leakListeners;

    private final CopyOnWriteArrayList<ThreadCache> threadCaches = new CopyOnWriteArrayList<>();

    /** The cache of threads that get none (virtual threads, or thread caches turned off): always empty. */
    private final ThreadCache noCache;

    private final ThreadLocal<ThreadCache> localCache = ThreadLocal.withInitial(this::newThreadCache);

    /** Guards registering and retiring thread caches against statistics summing them. */
    private final Object cachesLock = new Object();

    /** Times the spacing of sampled stack traces. */
    private final LongSupplier ticker;

    /** The earliest ticker reading at which a sampled acquisition may record its stack again. */
    private final AtomicLong nextSampledOrigin;

    private final LongAdder unpooledCount = new LongAdder();

    private final LongAdder unpooledBytes = new LongAdder();

    private final LongAdder listenerFailures = new LongAdder();

    private final PressureRetention retention;

    private final FirstUse firstUse = new FirstUse(listenerFailures, logger, this);

    DefaultBufferPool(BufferPool.Builder builder) {
        this.sizes = builder.buckets();
        this.direct = builder.direct();
        this.maxPerBucket = builder.maxPerBucket();
        this.maxRetainedBytes = builder.maxRetainedBytes();
        this.retention = new PressureRetention(builder.highPressureTrim(), this::trim);
        this.adaptiveFactors = builder.adaptiveFactors();
        this.leakDetection = builder.leakDetection();
        this.samplingInterval = builder.samplingInterval();
        this.ticker = builder.ticker();
        this.nextSampledOrigin = new AtomicLong(ticker.getAsLong());
        this.threadCacheSize = builder.threadCacheSize();
        this.leakListeners = new CopyOnWriteArrayList<>(builder.leakListeners());
        this.buckets = new Bucket[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            buckets[i] = new Bucket(this, i, sizes[i], maxPerBucket);
        }
        this.unpooled = new Bucket(this, -1, 0, 0);
        this.noCache = new ThreadCache(Thread.currentThread(), sizes.length, 0, samplingInterval);
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
        firstUse.markUsed();
        int index = bucketFor(minCapacity);
        ThreadCache cache = localCache.get();
        Slot slot;
        if (index < 0) {
            slot = createUnpooled(minCapacity);
        }
        else {
            slot = cache.poll(index);
            if (slot == null) {
                slot = acquireShared(buckets[index], cache);
            }
        }
        if (leakDetection != LeakDetection.DISABLED && tracks(cache)) {
            slot.origin = new LeakOrigin();
        }
        ByteBuffer buffer = slot.handOut();
        cache.handedOut(slot);
        buffer.clear();
        buffer.order(ByteOrder.BIG_ENDIAN);
        return buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        ThreadCache cache = localCache.get();
        Slot slot = claim(buffer, cache);
        slot.origin = null;
        Bucket bucket = slot.bucket;
        if (bucket == unpooled) {
            bucket.releases.increment();
            bucket.slots.remove(slot);
            slot.discard();
            return;
        }
        slot.retained = buffer;
        if (!cache.offer(slot, this)) {
            releaseShared(slot);
        }
    }

    @Override
    public int adaptiveSize(int defaultSize) {
        if (defaultSize < 1) {
            throw new IllegalArgumentException("defaultSize must be at least 1, was " + defaultSize);
        }
        return (int) Math.max(1, Math.round(defaultSize * adaptiveFactors[retention.level().ordinal()]));
    }

    @Override
    public void trim(double fraction) {
        Arguments.fraction(fraction, "fraction");
        for (Bucket bucket : buckets) {
            int toTrim = (int) Math.ceil(bucket.shared().size() * fraction);
            for (int i = 0; i < toTrim; i++) {
                Slot slot = bucket.shared().poll();
                if (slot == null) {
                    break;
                }
                giveBack(bucket, 1);
                letGo(slot);
            }
        }
        for (ThreadCache cache : threadCaches) {
            cache.trim(fraction, this);
        }
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        retention.adjustTo(previous, current);
    }

    @Override
    public void close() {
        retention.close();
    }

    @Override
    public void whenFirstAcquired(Runnable action) {
        firstUse.whenUsed(action);
    }

    @Override
    public void addLeakListener(Consumer<BufferLeak> listener) {
        leakListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeLeakListener(Consumer<BufferLeak> listener) {
        leakListeners.remove(listener);
    }

    @Override
    public BufferPoolSnapshot snapshot() {
        synchronized (cachesLock) {
            retireEndedThreads();
            List<BufferPoolSnapshot.Bucket> bucketStats = new ArrayList<>(buckets.length);
            long retainedBytes = 0;
            long inUse = unpooled.slots.size();
            long leaked = unpooled.leaked.sum();
            for (Bucket bucket : buckets) {
                BufferPoolSnapshot.Bucket stats = bucketSnapshot(bucket);
                bucketStats.add(stats);
                retainedBytes += stats.retainedBytes();
                inUse += stats.inUse();
                leaked += stats.leaked();
            }
            return new BufferPoolSnapshot(direct, leakDetection, samplingInterval, retention.level(),
                    retention.paused(), maxPerBucket,
                    maxRetainedBytes,
                    retainedBytes, inUse, unpooledCount.sum(), unpooledBytes.sum(), leaked, listenerFailures.sum(),
                    threadCaches.size(), bucketStats);
        }
    }

    // ---- paths off the thread cache ----

    private Slot acquireShared(Bucket bucket, ThreadCache cache) {
        Slot slot = bucket.shared().poll();
        if (slot == null) {
            slot = new Slot(allocate(bucket.size), bucket);
            bucket.slots.add(slot);
            bucket.misses.increment();
            return slot;
        }
        if (!cache.adoptReservation(bucket.index, this)) {
            giveBack(bucket, 1);
        }
        bucket.hits.increment();
        return slot;
    }

    private void releaseShared(Slot slot) {
        Bucket bucket = slot.bucket;
        bucket.releases.increment();
        if (!retention.paused() && reserve(bucket)) {
            // The queue holds max-per-bucket slots and every slot in it holds a unit: the offer cannot fail.
            bucket.shared().offer(slot);
            if (retention.paused()) {
                // A CRITICAL purge may have passed before the offer: purge again, this one included.
                drainShared(bucket);
            }
            return;
        }
        bucket.dropped.increment();
        bucket.slots.remove(slot);
        slot.discard();
        if ((bucket.failedReservations.incrementAndGet() & 63) == 0) {
            for (ThreadCache cache : threadCaches) {
                cache.reclaimIdle(bucket, this);
            }
        }
    }

    private Slot createUnpooled(int capacity) {
        Slot slot = new Slot(allocate(capacity), unpooled);
        unpooled.slots.add(slot);
        unpooledCount.increment();
        unpooledBytes.add(capacity);
        return slot;
    }

    private ByteBuffer allocate(int capacity) {
        try {
            return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }
        catch (OutOfMemoryError ex) {
            // Retained buffers are the first memory to give back: let them go, and try once more.
            trim(1.0);
            return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }
    }

    private Slot claim(ByteBuffer buffer, ThreadCache cache) {
        Objects.requireNonNull(buffer, "buffer");
        Slot slot = cache.lastHandedOut(buffer);
        if (slot == null) {
            Bucket bucket = bucketOfCapacity(buffer.capacity());
            slot = bucket == null ? null : bucket.slots.find(buffer);
        }
        if (slot == null) {
            throw new IllegalArgumentException("Cannot release a " + buffer.capacity() + "-byte "
                    + (buffer.isDirect() ? "direct" : "heap") + " buffer that this pool did not hand out"
                    + " (a duplicate, a slice, a buffer from elsewhere, or one already released and since let go):"
                    + " release exactly the buffer that acquire() returned, once");
        }
        if (!slot.release()) {
            throw new IllegalStateException("Cannot release a " + buffer.capacity() + "-byte buffer twice: it was"
                    + " already released to this pool; release each acquired buffer exactly once");
        }
        return slot;
    }

    private boolean tracks(ThreadCache cache) {
        if (leakDetection == LeakDetection.PARANOID) {
            return true;
        }
        boolean sampled = cache == noCache ? ThreadLocalRandom.current().nextInt(samplingInterval) == 0
                : cache.sample(samplingInterval);
        if (!sampled) {
            return false;
        }
        long now = ticker.getAsLong();
        long next = nextSampledOrigin.get();
        return now - next >= 0 && nextSampledOrigin.compareAndSet(next, now + SAMPLED_ORIGIN_SPACING_NANOS);
    }

    // ---- retention budget and letting go ----

    /** Reserves one unit of retention for a buffer of the bucket, within both bounds. */
    boolean reserve(Bucket bucket) {
        AtomicInteger units = bucket.reservedUnits;
        int current;
        do {
            current = units.get();
            if (current >= maxPerBucket) {
                return false;
            }
        } while (!units.compareAndSet(current, current + 1));
        long bytes;
        do {
            bytes = reservedBytes.get();
            if (bytes + bucket.size > maxRetainedBytes) {
                units.decrementAndGet();
                return false;
            }
        } while (!reservedBytes.compareAndSet(bytes, bytes + bucket.size));
        return true;
    }

    void giveBack(Bucket bucket, int units) {
        if (units > 0) {
            bucket.reservedUnits.addAndGet(-units);
            reservedBytes.addAndGet(-(long) units * bucket.size);
        }
    }

    /** Lets a retained buffer go for the collector, counted as trimmed. */
    void letGo(Slot slot) {
        slot.bucket.trimmed.increment();
        slot.bucket.slots.remove(slot);
        slot.discard();
    }

    boolean retentionPaused() {
        return retention.paused();
    }

    /** Bytes of retention reserved now, for tests of the budget's balance. */
    long reservedBytes() {
        return reservedBytes.get();
    }

    Bucket bucket(int index) {
        return buckets[index];
    }

    /** Takes a retained buffer that holds a reserved unit into the shared queue; lets it go if paused. */
    void adoptRetained(Slot slot) {
        Bucket bucket = slot.bucket;
        bucket.shared().offer(slot);
        if (retention.paused()) {
            drainShared(bucket);
        }
    }

    private void drainShared(Bucket bucket) {
        Slot slot;
        while ((slot = bucket.shared().poll()) != null) {
            giveBack(bucket, 1);
            letGo(slot);
        }
    }

    // ---- leaks ----

    /** Called by the reaper for a slot whose buffer the collector took. */
    void onCollected(Slot slot) {
        if (!slot.collect()) {
            return;
        }
        Bucket bucket = slot.bucket;
        bucket.slots.remove(slot);
        bucket.leaked.increment();
        LeakOrigin origin = slot.origin;
        slot.origin = null;
        if (leakDetection == LeakDetection.DISABLED) {
            return;
        }
        BufferLeak leak = new BufferLeak(slot.capacity, bucket != unpooled, direct,
                origin == null ? null : origin.thread(), origin == null ? List.of() : Callers.of(origin, POOL_TYPES));
        logger.warn("memguard: {}", leak.describe());
        Listeners.notifyEach(leakListeners, listener -> listener.accept(leak), listenerFailures, logger, this);
    }

    // ---- thread caches ----

    private ThreadCache newThreadCache() {
        Thread thread = Thread.currentThread();
        if (threadCacheSize == 0 || VirtualThreads.isVirtual(thread)) {
            return noCache;
        }
        ThreadCache cache = new ThreadCache(thread, buckets.length, threadCacheSize, samplingInterval);
        synchronized (cachesLock) {
            retireEndedThreads();
            threadCaches.add(cache);
        }
        return cache;
    }

    /** Moves what the caches of ended threads hold to the shared queues and keeps their counts. */
    private void retireEndedThreads() {
        for (ThreadCache cache : threadCaches) {
            if (cache.ownerEnded()) {
                cache.retire(this);
                for (Bucket bucket : buckets) {
                    bucket.hits.add(cache.hits(bucket.index));
                    bucket.releases.add(cache.releases(bucket.index));
                }
                threadCaches.remove(cache);
            }
        }
    }

    private BufferPoolSnapshot.Bucket bucketSnapshot(Bucket bucket) {
        long hits = bucket.hits.sum();
        long releases = bucket.releases.sum();
        int retained = bucket.shared().size();
        for (ThreadCache cache : threadCaches) {
            hits += cache.hits(bucket.index);
            releases += cache.releases(bucket.index);
            retained += cache.count(bucket.index);
        }
        long misses = bucket.misses.sum();
        long acquired = hits + misses;
        long leaked = bucket.leaked.sum();
        return new BufferPoolSnapshot.Bucket(bucket.size, acquired, releases, hits, misses,
                acquired == 0 ? 0.0 : (double) hits / acquired, Math.max(0, acquired - releases - leaked), retained,
                (long) retained * bucket.size, bucket.dropped.sum(), bucket.trimmed.sum(), leaked);
    }

    // ---- sizes ----

    private int bucketFor(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity must not be negative, was " + minCapacity);
        }
        int[] bucketSizes = sizes;
        for (int i = 0; i < bucketSizes.length; i++) {
            if (minCapacity <= bucketSizes[i]) {
                return i;
            }
        }
        return -1;
    }

    private @Nullable Bucket bucketOfCapacity(int capacity) {
        int[] bucketSizes = sizes;
        for (int i = 0; i < bucketSizes.length; i++) {
            if (capacity == bucketSizes[i]) {
                return buckets[i];
            }
        }
        return capacity > bucketSizes[bucketSizes.length - 1] ? unpooled : null;
    }
}
