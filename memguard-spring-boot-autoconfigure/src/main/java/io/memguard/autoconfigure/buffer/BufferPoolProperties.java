package io.memguard.autoconfigure.buffer;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPool.LeakDetection;

/**
 * Configuration of memguard's buffer pool ({@code memguard.buffer-pool.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.buffer-pool")
public class BufferPoolProperties implements Validator {

    /**
     * Whether to create the buffer pool bean.
     */
    private boolean enabled = true;

    /**
     * Capacities of the size buckets (default the powers of two from 1KB to 1MB: 1KB, 2KB, 4KB, ... 512KB, 1MB); a
     * request is served from the smallest bucket that fits, and a request larger than the largest bucket is served
     * unpooled.
     */
    private List<DataSize> buckets = new ArrayList<>(BufferPool.Builder.DEFAULT_BUCKETS.stream()
            .map(DataSize::ofBytes).toList());

    /**
     * Whether to hand out direct (off-heap) buffers instead of heap buffers.
     */
    private boolean direct = false;

    /**
     * Most buffers retained per bucket, over all threads, from 0 to 65536; a released buffer over the bound is
     * dropped.
     */
    private int maxPerBucket = 256;

    /**
     * Most bytes retained over all buckets; a released buffer over the bound is dropped.
     */
    private DataSize maxRetained = DataSize.ofMegabytes(64);

    /**
     * Buffers per bucket that each thread keeps to itself for acquire and release without contention; they count
     * towards the bounds. From 0 to 1024; 0 turns thread caches off.
     */
    private int threadCacheSize = 8;

    /**
     * How the pool reacts to memory pressure.
     */
    private final Pressure pressure = new Pressure();

    /**
     * Factors by which adaptiveSize(defaultSize) scales a requested size at each pressure level.
     */
    private final Adaptive adaptive = new Adaptive();

    /**
     * Detection of buffers that are acquired and never released.
     */
    private final Leaks leakDetection = new Leaks();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<DataSize> getBuckets() {
        return buckets;
    }

    public void setBuckets(List<DataSize> buckets) {
        this.buckets = buckets;
    }

    public boolean isDirect() {
        return direct;
    }

    public void setDirect(boolean direct) {
        this.direct = direct;
    }

    public int getMaxPerBucket() {
        return maxPerBucket;
    }

    public void setMaxPerBucket(int maxPerBucket) {
        this.maxPerBucket = maxPerBucket;
    }

    public DataSize getMaxRetained() {
        return maxRetained;
    }

    public void setMaxRetained(DataSize maxRetained) {
        this.maxRetained = maxRetained;
    }

    public int getThreadCacheSize() {
        return threadCacheSize;
    }

    public void setThreadCacheSize(int threadCacheSize) {
        this.threadCacheSize = threadCacheSize;
    }

    public Pressure getPressure() {
        return pressure;
    }

    public Adaptive getAdaptive() {
        return adaptive;
    }

    public Leaks getLeakDetection() {
        return leakDetection;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == BufferPoolProperties.class || type == Pressure.class || type == Adaptive.class
                || type == Leaks.class;
    }

    /**
     * Checks the values while Spring Boot binds them, each group under its own name. memguard-core's
     * {@link BufferPool.Builder} owns the rules: each value goes through the setter that checks it, on a builder that
     * is thrown away.
     */
    @Override
    public void validate(Object target, Errors errors) {
        BufferPool.Builder core = BufferPool.builder();
        if (target instanceof Pressure group) {
            PropertyChecks.acceptedBy(errors, "highTrim", group.highTrim, core::highPressureTrim);
        }
        else if (target instanceof Adaptive group) {
            group.validate(errors);
        }
        else if (target instanceof Leaks group) {
            PropertyChecks.acceptedBy(errors, "level", group.level, core::leakDetection);
            PropertyChecks.acceptedBy(errors, "samplingInterval", group.samplingInterval, core::samplingInterval);
        }
        else if (target == this) {
            PropertyChecks.acceptedBy(errors, "buckets", buckets, (sizes) -> core.buckets(bucketSizes(sizes)));
            PropertyChecks.acceptedBy(errors, "maxPerBucket", maxPerBucket, core::maxPerBucket);
            PropertyChecks.acceptedBy(errors, "maxRetained", maxRetained,
                    (size) -> core.maxRetainedBytes(size.toBytes()));
            PropertyChecks.acceptedBy(errors, "threadCacheSize", threadCacheSize, core::threadCacheSize);
        }
    }

    /**
     * The bucket sizes in bytes, as the core builder takes them.
     *
     * @param sizes the sizes of {@code memguard.buffer-pool.buckets}
     * @return the sizes in bytes
     * @throws IllegalArgumentException if a size does not fit a {@code ByteBuffer}
     */
    static List<Integer> bucketSizes(List<DataSize> sizes) {
        return sizes.stream().map(BufferPoolProperties::toBucketSize).toList();
    }

    private static int toBucketSize(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > BufferPool.Builder.MAX_BUCKET_SIZE) {
            throw new IllegalArgumentException("each bucket must be at most " + BufferPool.Builder.MAX_BUCKET_SIZE
                    + " bytes (a ByteBuffer's capacity is an int), was " + size);
        }
        return (int) Math.max(bytes, 0);
    }

    /**
     * How the buffer pool reacts to memory pressure.
     *
     * @since 0.1.0
     */
    public static class Pressure {

        /**
         * Share of the retained buffers let go when the pressure level rises to HIGH, in (0, 1]. At CRITICAL all
         * are let go and retention pauses until the level falls again.
         */
        private double highTrim = 0.5;

        public double getHighTrim() {
            return highTrim;
        }

        public void setHighTrim(double highTrim) {
            this.highTrim = highTrim;
        }
    }

    /**
     * Factors by which adaptiveSize(defaultSize) scales a size at each pressure level; 1 at NONE. Each is in
     * (0, 1] and no larger than the one of the level below.
     *
     * @since 0.1.0
     */
    public static class Adaptive {

        /**
         * Factor adaptiveSize(n) applies to n at LOW pressure, in (0, 1].
         */
        private double low = 1.0;

        /**
         * Factor adaptiveSize(n) applies to n at MODERATE pressure, in (0, low].
         */
        private double moderate = 0.75;

        /**
         * Factor adaptiveSize(n) applies to n at HIGH pressure, in (0, moderate].
         */
        private double high = 0.5;

        /**
         * Factor adaptiveSize(n) applies to n at CRITICAL pressure, in (0, high].
         */
        private double critical = 0.25;

        public double getLow() {
            return low;
        }

        public void setLow(double low) {
            this.low = low;
        }

        public double getModerate() {
            return moderate;
        }

        public void setModerate(double moderate) {
            this.moderate = moderate;
        }

        public double getHigh() {
            return high;
        }

        public void setHigh(double high) {
            this.high = high;
        }

        public double getCritical() {
            return critical;
        }

        public void setCritical(double critical) {
            this.critical = critical;
        }

        /** The factors never grow as pressure rises: each is above 0 and at most the one of the level below. */
        void validate(Errors errors) {
            double[] factors = { 1.0, low, moderate, high, critical };
            String[] names = { "", "low", "moderate", "high", "critical" };
            for (int level = 1; level < factors.length; level++) {
                if (!(factors[level] > 0.0 && factors[level] <= factors[level - 1])) {
                    String bound = (level == 1) ? "1" : PropertyChecks.property(errors, names[level - 1]) + " ("
                            + factors[level - 1] + ")";
                    PropertyChecks.reject(errors, names[level], "must be above 0 and at most " + bound
                            + ": the factors never grow as pressure rises");
                    return;
                }
            }
        }
    }

    /**
     * Detection of buffers that are acquired and never released.
     *
     * @since 0.1.0
     */
    public static class Leaks {

        /**
         * How closely to watch: 'disabled' reports nothing, 'sampled' reports every leak and records the acquiring
         * stack of one acquisition in sampling-interval (at most 100 a second), 'paranoid' records every
         * acquisition's stack.
         */
        private LeakDetection level = LeakDetection.SAMPLED;

        /**
         * One acquisition in how many records its stack trace at the 'sampled' level; 1 or more.
         */
        private int samplingInterval = 128;

        public LeakDetection getLevel() {
            return level;
        }

        public void setLevel(LeakDetection level) {
            this.level = level;
        }

        public int getSamplingInterval() {
            return samplingInterval;
        }

        public void setSamplingInterval(int samplingInterval) {
            this.samplingInterval = samplingInterval;
        }
    }
}
