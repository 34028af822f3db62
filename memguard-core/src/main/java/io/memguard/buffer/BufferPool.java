package io.memguard.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.memguard.internal.Arguments;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

import org.jspecify.annotations.Nullable;

/**
 * A pool of reusable {@link ByteBuffer}s in size buckets, which gives memory back when memory runs short.
 *
 * <ul>
 * <li>{@link #acquire(int)} returns a cleared buffer (position 0, limit = capacity, big-endian; contents are
 * not zeroed) of at least the requested size, from the smallest bucket that fits. A request larger than the
 * largest bucket is served with a fresh buffer of exactly that size, counted as unpooled.</li>
 * <li>{@link #release(ByteBuffer)} gives it back. Releasing a buffer twice, or a buffer this pool did not hand
 * out (a duplicate or a slice included), throws and leaves the pool unchanged. Once a buffer is released and
 * acquired again by someone else, a stale second release can no longer be told from the new holder's own.</li>
 * <li>Uncontended acquire and release take no shared lock and allocate nothing.</li>
 * <li>Retention is bounded per bucket and in total; a released buffer over either bound is dropped for the
 * garbage collector and counted.</li>
 * <li>As a {@link PressureAware} component: entering HIGH trims a fraction of the retained buffers; CRITICAL
 * lets all of them go and pauses retention until the level falls again; low-memory mode sets it to CRITICAL.</li>
 * <li>A buffer garbage collected while acquired is reported to the leak listeners ({@link #addLeakListener}), with
 * where it was acquired when the {@link LeakDetection} level recorded it.</li>
 * </ul>
 *
 * <p>Thread-safe. Build one with {@link #builder()}; {@link #close()} lets every retained buffer go.
 *
 * @since 0.1.0
 */
public interface BufferPool extends PressureAware, AutoCloseable {

    /**
     * A builder with the default settings: buckets of the powers of two from 1 KiB to 1 MiB,
     * heap buffers.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Acquires a cleared buffer of at least {@code minCapacity} bytes.
     *
     * @param minCapacity the smallest capacity the caller needs; 0 or more
     * @return a buffer to {@link #release(ByteBuffer)} when done
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     */
    ByteBuffer acquire(int minCapacity);

    /**
     * Gives back a buffer acquired from this pool.
     *
     * @param buffer the very buffer {@link #acquire(int)} returned
     * @throws IllegalArgumentException if this pool did not hand out {@code buffer}
     * @throws IllegalStateException    if {@code buffer} was already released
     */
    void release(ByteBuffer buffer);

    /**
     * Acquires a buffer for a {@code try}-with-resources block.
     *
     * @param minCapacity the smallest capacity the caller needs; 0 or more
     * @return a lease whose {@code close()} releases the buffer
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     */
    default BufferLease lease(int minCapacity) {
        return new PooledBufferLease(this, acquire(minCapacity));
    }

    /**
     * Scales a buffer or batch size down as memory pressure rises, so that callers ask for less when memory is
     * short: {@code defaultSize} times the factor configured for the current level (1 at NONE).
     *
     * @param defaultSize the size to use when memory is plentiful; 1 or more
     * @return the size to use now, at least 1
     * @throws IllegalArgumentException if {@code defaultSize} is less than 1
     */
    int adaptiveSize(int defaultSize);

    /**
     * Lets go of a fraction of the retained buffers of every bucket, in every thread's cache.
     *
     * @param fraction the share to let go, in (0..1]; 1 lets all go
     * @throws IllegalArgumentException if {@code fraction} is outside (0..1]
     */
    void trim(double fraction);

    /**
     * Reacts to a change of the memory pressure level: trims on entering HIGH, lets everything go and pauses
     * retention at CRITICAL, resumes retention below CRITICAL.
     *
     * @param previous the level the pool was told before
     * @param current  the effective level now
     */
    @Override
    void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current);

    /**
     * Low-memory mode empties the pool and pauses retention, as CRITICAL does.
     *
     * @return {@code CRITICAL}
     */
    @Override
    default MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.CRITICAL;
    }

    /**
     * The pool's settings and counters now.
     *
     * @return a snapshot of the pool's state
     */
    BufferPoolSnapshot snapshot();

    /**
     * Runs {@code action} on the first {@link #acquire(int)} (on the acquiring thread), or at once if the pool has
     * been acquired from already: what only matters once the pool is used, such as its meters, waits for it. An
     * action that throws is logged and counted with the listener failures. Implementations that do not track use
     * run the action at once.
     *
     * @param action what to do
     * @since 0.1.0
     */
    default void whenFirstAcquired(Runnable action) {
        action.run();
    }

    /**
     * Registers a listener told of every leaked buffer from now on: a buffer garbage collected while still acquired,
     * with where it was acquired when that was recorded. It is called once per leak, on memguard's reaper thread; a
     * listener that throws is logged and counted, and the pool and the other listeners carry on.
     *
     * @param listener the listener; not {@code null}
     */
    void addLeakListener(Consumer<BufferLeak> listener);

    /**
     * Unregisters a leak listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeLeakListener(Consumer<BufferLeak> listener);

    /**
     * Lets every retained buffer go and stops retaining: buffers acquired afterwards are fresh, buffers released
     * afterwards are dropped. Acquired buffers may still be released.
     */
    @Override
    void close();

    /**
     * Configures and builds a {@link BufferPool}. Each setter checks its argument at once and throws an
     * {@link IllegalArgumentException} naming it, leaving the builder as it was.
     *
     * @since 0.1.0
     */
    final class Builder {

        /**
         * The default bucket sizes: the powers of two from 1 KiB to 1 MiB. Each bucket is twice the one below it, so a
         * request is rounded up by less than 2x: a buffer, and what the pool retains of it, is never more than twice
         * the size asked for (with buckets four times apart it could be nearly four times).
         */
        public static final List<Integer> DEFAULT_BUCKETS = List.of(1 << 10, 2 << 10, 4 << 10, 8 << 10, 16 << 10,
                32 << 10, 64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20);

        /** The default most buffers retained per bucket. */
        public static final int DEFAULT_MAX_PER_BUCKET = 256;

        /** The default most bytes retained over all buckets: 64 MiB. */
        public static final long DEFAULT_MAX_RETAINED_BYTES = 64L << 20;

        /** The default most buffers per bucket in one thread's cache. */
        public static final int DEFAULT_THREAD_CACHE_SIZE = 8;

        /** The default share of retained buffers let go on entering HIGH pressure. */
        public static final double DEFAULT_HIGH_PRESSURE_TRIM = 0.5;

        /** The default sampling interval of {@link LeakDetection#SAMPLED}. */
        public static final int DEFAULT_SAMPLING_INTERVAL = 128;

        /** The largest bucket size: the largest array the JVM allocates reliably. */
        public static final int MAX_BUCKET_SIZE = Integer.MAX_VALUE - 8;

        /** The largest max-per-bucket: each bucket's shared queue is allocated up front at this size. */
        public static final int MAX_MAX_PER_BUCKET = 1 << 16;

        /** The largest thread cache size. */
        public static final int MAX_THREAD_CACHE_SIZE = 1 << 10;

        private int[] buckets = DEFAULT_BUCKETS.stream().mapToInt(Integer::intValue).toArray();

        private boolean direct;

        private int maxPerBucket = DEFAULT_MAX_PER_BUCKET;

        private long maxRetainedBytes = DEFAULT_MAX_RETAINED_BYTES;

        private int threadCacheSize = DEFAULT_THREAD_CACHE_SIZE;

        private double highPressureTrim = DEFAULT_HIGH_PRESSURE_TRIM;

        private double[] adaptiveFactors = { 1.0, 1.0, 0.75, 0.5, 0.25 };

        private LeakDetection leakDetection = LeakDetection.SAMPLED;

        private int samplingInterval = DEFAULT_SAMPLING_INTERVAL;

        private LongSupplier ticker = System::nanoTime;

        private final List<Consumer<BufferLeak>> leakListeners = new ArrayList<>();

        Builder() {
        }

        /**
         * The bucket sizes, in any order.
         *
         * @param sizes distinct sizes in bytes, each from 1 to {@link #MAX_BUCKET_SIZE}; at least one
         * @return this builder
         */
        public Builder buckets(List<Integer> sizes) {
            Objects.requireNonNull(sizes, "sizes");
            int[] sorted = new int[sizes.size()];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = Objects.requireNonNull(sizes.get(i), "sizes must not contain null");
            }
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                throw new IllegalArgumentException("sizes must hold at least one bucket size");
            }
            if (sorted[0] < 1 || sorted[sorted.length - 1] > MAX_BUCKET_SIZE) {
                throw new IllegalArgumentException("sizes must each be from 1 to " + MAX_BUCKET_SIZE + " bytes, were "
                        + sizes);
            }
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    throw new IllegalArgumentException("sizes must be distinct, " + sorted[i] + " appears twice in "
                            + sizes);
                }
            }
            this.buckets = sorted;
            return this;
        }

        /**
         * The bucket sizes, in any order.
         *
         * @param sizes distinct sizes in bytes, each from 1 to {@link #MAX_BUCKET_SIZE}; at least one
         * @return this builder
         */
        public Builder buckets(int... sizes) {
            Objects.requireNonNull(sizes, "sizes");
            return buckets(Arrays.stream(sizes).boxed().toList());
        }

        /**
         * Whether to hand out direct buffers rather than heap buffers.
         *
         * @param direct {@code true} for {@code ByteBuffer.allocateDirect}
         * @return this builder
         */
        public Builder direct(boolean direct) {
            this.direct = direct;
            return this;
        }

        /**
         * The most buffers retained in one bucket, over the shared queue and all thread caches.
         *
         * @param maxPerBucket from 0 (retain nothing) to {@link #MAX_MAX_PER_BUCKET}
         * @return this builder
         */
        public Builder maxPerBucket(int maxPerBucket) {
            if (maxPerBucket < 0 || maxPerBucket > MAX_MAX_PER_BUCKET) {
                throw new IllegalArgumentException("maxPerBucket must be from 0 to " + MAX_MAX_PER_BUCKET + ", was "
                        + maxPerBucket);
            }
            this.maxPerBucket = maxPerBucket;
            return this;
        }

        /**
         * The most bytes retained over all buckets.
         *
         * @param maxRetainedBytes 0 (retain nothing) or more
         * @return this builder
         */
        public Builder maxRetainedBytes(long maxRetainedBytes) {
            if (maxRetainedBytes < 0) {
                throw new IllegalArgumentException("maxRetainedBytes must not be negative, was " + maxRetainedBytes);
            }
            this.maxRetainedBytes = maxRetainedBytes;
            return this;
        }

        /**
         * The most buffers per bucket that one thread keeps to itself, for acquire and release without contention.
         * They count towards the pool's bounds.
         *
         * @param threadCacheSize from 0 (no thread caches) to {@link #MAX_THREAD_CACHE_SIZE}
         * @return this builder
         */
        public Builder threadCacheSize(int threadCacheSize) {
            if (threadCacheSize < 0 || threadCacheSize > MAX_THREAD_CACHE_SIZE) {
                throw new IllegalArgumentException("threadCacheSize must be from 0 to " + MAX_THREAD_CACHE_SIZE
                        + ", was " + threadCacheSize);
            }
            this.threadCacheSize = threadCacheSize;
            return this;
        }

        /**
         * The share of retained buffers let go when the pressure level rises to HIGH.
         *
         * @param fraction in (0..1]
         * @return this builder
         */
        public Builder highPressureTrim(double fraction) {
            this.highPressureTrim = Arguments.fraction(fraction, "fraction");
            return this;
        }

        /**
         * The factors {@link BufferPool#adaptiveSize(int)} applies at each pressure level (1 at NONE).
         *
         * @param low      factor at LOW, in (0..1]
         * @param moderate factor at MODERATE, in (0..low]
         * @param high     factor at HIGH, in (0..moderate]
         * @param critical factor at CRITICAL, in (0..high]
         * @return this builder
         */
        public Builder adaptiveFactors(double low, double moderate, double high, double critical) {
            double[] factors = { 1.0, low, moderate, high, critical };
            String[] names = { "none", "low", "moderate", "high", "critical" };
            for (int level = 1; level < factors.length; level++) {
                if (!(factors[level] > 0.0 && factors[level] <= factors[level - 1])) {
                    throw new IllegalArgumentException(names[level] + " must be in (0.." + factors[level - 1]
                            + "]: factors never grow as pressure rises, was " + factors[level]);
                }
            }
            this.adaptiveFactors = factors;
            return this;
        }

        /**
         * How closely to watch for leaked buffers.
         *
         * @param leakDetection the level
         * @return this builder
         */
        public Builder leakDetection(LeakDetection leakDetection) {
            this.leakDetection = Objects.requireNonNull(leakDetection, "leakDetection");
            return this;
        }

        /**
         * One acquisition in how many records its stack trace under {@link LeakDetection#SAMPLED}.
         *
         * @param samplingInterval 1 or more
         * @return this builder
         */
        public Builder samplingInterval(int samplingInterval) {
            if (samplingInterval < 1) {
                throw new IllegalArgumentException("samplingInterval must be at least 1, was " + samplingInterval);
            }
            this.samplingInterval = samplingInterval;
            return this;
        }

        /**
         * The nanosecond ticker that spaces the stack traces {@link LeakDetection#SAMPLED} records, so that their cost
         * stays bounded under any load (default {@link System#nanoTime()}); tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Adds a listener told of every leaked buffer, as {@link BufferPool#addLeakListener} does.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder leakListener(Consumer<BufferLeak> listener) {
            leakListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the pool.
         *
         * @return a new pool with these settings
         */
        public BufferPool build() {
            return new DefaultBufferPool(this);
        }

        /**
         * Builds a pool that is made on its first use: until a buffer is acquired or released, its size is adapted or
         * its statistics are read, it holds no bucket and loads none of the classes that do the work, which keeps an
         * application that never uses the pool from paying for it at start-up. The settings are taken now (a later
         * change to this builder does not reach the pool); the leak listeners, the actions waiting for the first
         * acquisition, the last pressure change and a close reach the pool when it is made.
         *
         * @return a new pool with these settings
         * @since 0.1.0
         */
        public BufferPool buildOnFirstUse() {
            Builder settings = copy();
            return new OnFirstUseBufferPool(() -> new DefaultBufferPool(settings));
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.buckets = buckets.clone();
            copy.direct = direct;
            copy.maxPerBucket = maxPerBucket;
            copy.maxRetainedBytes = maxRetainedBytes;
            copy.threadCacheSize = threadCacheSize;
            copy.highPressureTrim = highPressureTrim;
            copy.adaptiveFactors = adaptiveFactors.clone();
            copy.leakDetection = leakDetection;
            copy.samplingInterval = samplingInterval;
            copy.ticker = ticker;
            copy.leakListeners.addAll(leakListeners);
            return copy;
        }

        int[] buckets() {
            return buckets.clone();
        }

        boolean direct() {
            return direct;
        }

        int maxPerBucket() {
            return maxPerBucket;
        }

        long maxRetainedBytes() {
            return maxRetainedBytes;
        }

        int threadCacheSize() {
            return threadCacheSize;
        }

        double highPressureTrim() {
            return highPressureTrim;
        }

        double[] adaptiveFactors() {
            return adaptiveFactors.clone();
        }

        LeakDetection leakDetection() {
            return leakDetection;
        }

        int samplingInterval() {
            return samplingInterval;
        }

        LongSupplier ticker() {
            return ticker;
        }

        List<Consumer<BufferLeak>> leakListeners() {
            return List.copyOf(leakListeners);
        }
    }

    /**
     * How closely a {@link BufferPool} watches for buffers that are acquired and never released.
     *
     * <p>Every pooled buffer is known to the pool through a weak reference, so a buffer the application drops
     * without releasing it is always noticed when the garbage collector reclaims it, and always written off (its
     * memory is not lost and the in-use count stays true). The level decides what is reported about it, and how
     * much that costs on the acquiring path.
     *
     * @since 0.1.0
     */
    public enum LeakDetection {

        /** Nothing is reported: no log line, no listener call, no stack trace. Collected buffers are still counted. */
        DISABLED,

        /**
         * Every leak is logged and passed to the leak listeners. One acquisition in N (the sampling interval)
         * records the acquiring stack trace, so leaks of sampled buffers say where they were acquired; the others
         * say that their origin was not recorded. The recorded stack trace is the only cost, paid once in N and at
         * most 100 times a second per pool, so that it stays negligible however busy the pool is.
         */
        SAMPLED,

        /** Like {@link #SAMPLED}, but every acquisition records its stack trace: for tests and for hunting a leak. */
        PARANOID
    }

    /**
     * A buffer that became unreachable while it was acquired: the application acquired it and never released it.
     *
     * @param capacity        the buffer's capacity in bytes
     * @param pooled          {@code false} for a buffer larger than the largest bucket, which was served unpooled
     * @param direct          whether the buffer was a direct buffer
     * @param acquiringThread the name of the thread that acquired it, or {@code null} where not recorded
     * @param acquiredAt      the stack of the acquiring call, innermost frame first, or empty where not recorded
     * @since 0.1.0
     */
    public record BufferLeak(int capacity, boolean pooled, boolean direct, @Nullable String acquiringThread,
            List<StackTraceElement> acquiredAt) {

        public BufferLeak {
            acquiredAt = List.copyOf(Objects.requireNonNull(acquiredAt, "acquiredAt"));
        }

        /**
         * Whether the acquisition was tracked, so that {@link #acquiredAt()} says where the buffer came from.
         *
         * @return {@code true} if the origin was recorded
         */
        public boolean originRecorded() {
            return !acquiredAt.isEmpty();
        }

        /**
         * A multi-line description for a log, with the origin where recorded.
         *
         * @return a human-readable account of this leak
         */
        public String describe() {
            StringBuilder text = new StringBuilder(256)
                    .append("A ").append(capacity).append("-byte ").append(direct ? "direct" : "heap")
                    .append(pooled ? " pooled" : " unpooled")
                    .append(" buffer was garbage collected while acquired: release(buffer) or lease.close() was")
                    .append(" never called.");
            if (originRecorded()) {
                text.append(" It was acquired by thread '").append(acquiringThread).append("' at:");
                for (StackTraceElement frame : acquiredAt) {
                    text.append(System.lineSeparator()).append("\tat ").append(frame);
                }
            }
            else {
                text.append(" Its origin was not recorded: set the leak detection level to PARANOID"
                        + " (memguard.buffer-pool.leak-detection.level=paranoid) to record every acquisition.");
            }
            return text.toString();
        }
    }
}
