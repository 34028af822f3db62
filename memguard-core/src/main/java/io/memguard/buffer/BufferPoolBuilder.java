package io.memguard.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.memguard.internal.Arguments;

/**
 * Configures and builds a {@link BufferPool}. Each setter checks its argument at once and throws an
 * {@link IllegalArgumentException} naming it, leaving the builder as it was.
 *
 * @since 0.1.0
 */
public final class BufferPoolBuilder {

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

    private final List<BufferLeakListener> leakListeners = new ArrayList<>();

    BufferPoolBuilder() {
    }

    /**
     * The bucket sizes, in any order.
     *
     * @param sizes distinct sizes in bytes, each from 1 to {@link #MAX_BUCKET_SIZE}; at least one
     * @return this builder
     */
    public BufferPoolBuilder buckets(List<Integer> sizes) {
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
    public BufferPoolBuilder buckets(int... sizes) {
        Objects.requireNonNull(sizes, "sizes");
        return buckets(Arrays.stream(sizes).boxed().toList());
    }

    /**
     * Whether to hand out direct buffers rather than heap buffers.
     *
     * @param direct {@code true} for {@code ByteBuffer.allocateDirect}
     * @return this builder
     */
    public BufferPoolBuilder direct(boolean direct) {
        this.direct = direct;
        return this;
    }

    /**
     * The most buffers retained in one bucket, over the shared queue and all thread caches.
     *
     * @param maxPerBucket from 0 (retain nothing) to {@link #MAX_MAX_PER_BUCKET}
     * @return this builder
     */
    public BufferPoolBuilder maxPerBucket(int maxPerBucket) {
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
    public BufferPoolBuilder maxRetainedBytes(long maxRetainedBytes) {
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
    public BufferPoolBuilder threadCacheSize(int threadCacheSize) {
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
    public BufferPoolBuilder highPressureTrim(double fraction) {
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
    public BufferPoolBuilder adaptiveFactors(double low, double moderate, double high, double critical) {
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
    public BufferPoolBuilder leakDetection(LeakDetection leakDetection) {
        this.leakDetection = Objects.requireNonNull(leakDetection, "leakDetection");
        return this;
    }

    /**
     * One acquisition in how many records its stack trace under {@link LeakDetection#SAMPLED}.
     *
     * @param samplingInterval 1 or more
     * @return this builder
     */
    public BufferPoolBuilder samplingInterval(int samplingInterval) {
        if (samplingInterval < 1) {
            throw new IllegalArgumentException("samplingInterval must be at least 1, was " + samplingInterval);
        }
        this.samplingInterval = samplingInterval;
        return this;
    }

    /**
     * Adds a listener told of every leaked buffer.
     *
     * @param listener the listener
     * @return this builder
     */
    public BufferPoolBuilder leakListener(BufferLeakListener listener) {
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
        BufferPoolBuilder settings = copy();
        return new OnFirstUseBufferPool(() -> new DefaultBufferPool(settings));
    }

    private BufferPoolBuilder copy() {
        BufferPoolBuilder copy = new BufferPoolBuilder();
        copy.buckets = buckets.clone();
        copy.direct = direct;
        copy.maxPerBucket = maxPerBucket;
        copy.maxRetainedBytes = maxRetainedBytes;
        copy.threadCacheSize = threadCacheSize;
        copy.highPressureTrim = highPressureTrim;
        copy.adaptiveFactors = adaptiveFactors.clone();
        copy.leakDetection = leakDetection;
        copy.samplingInterval = samplingInterval;
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

    List<BufferLeakListener> leakListeners() {
        return List.copyOf(leakListeners);
    }
}
