package io.memguard.autoconfigure.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.memguard.autoconfigure.ConfigurationPropertyCheck;
import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.buffer.BufferPool;
import io.memguard.buffer.LeakDetection;

/**
 * Configuration of memguard's buffer pool ({@code memguard.buffer-pool.*}).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.buffer-pool")
public class BufferPoolProperties {

    private static final String PREFIX = "memguard.buffer-pool.";

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

    /**
     * A pool builder with these settings: the one place where they are checked. A bad value fails with an
     * {@link InvalidMemguardPropertyException} that names the property and the accepted values.
     *
     * @return a builder to add listeners to and build
     */
    public BufferPool.Builder toBuilder() {
        BufferPool.Builder builder = BufferPool.builder();
        check("buckets", buckets, value -> builder.buckets(value.stream().map(BufferPoolProperties::toBucketSize)
                .toList()));
        check("direct", direct, builder::direct);
        check("max-per-bucket", maxPerBucket, builder::maxPerBucket);
        check("max-retained", maxRetained, value -> builder.maxRetainedBytes(value.toBytes()));
        check("thread-cache-size", threadCacheSize, builder::threadCacheSize);
        check("pressure.high-trim", pressure.highTrim, builder::highPressureTrim);
        applyAdaptiveFactors(builder);
        check("leak-detection.level", leakDetection.level, builder::leakDetection);
        check("leak-detection.sampling-interval", leakDetection.samplingInterval, builder::samplingInterval);
        return builder;
    }

    private void applyAdaptiveFactors(BufferPool.Builder builder) {
        try {
            builder.adaptiveFactors(adaptive.low, adaptive.moderate, adaptive.high, adaptive.critical);
        }
        catch (IllegalArgumentException ex) {
            // The builder's message starts with the name of the level whose factor is out of range.
            String message = Objects.requireNonNull(ex.getMessage(), "the builder names the level in its message");
            String level = message.substring(0, message.indexOf(' '));
            throw ConfigurationPropertyCheck.rejected(PREFIX + "adaptive." + level, adaptive.factor(level), message,
                    "Set " + PREFIX + "adaptive." + level + " to a factor above 0 and at most 1.");
        }
    }

    private static int toBucketSize(DataSize size) {
        long bytes = size.toBytes();
        if (bytes > BufferPool.Builder.MAX_BUCKET_SIZE) {
            throw new IllegalArgumentException("each bucket must be at most " + BufferPool.Builder.MAX_BUCKET_SIZE
                    + " bytes (a ByteBuffer's capacity is an int), was " + size);
        }
        return (int) Math.max(bytes, 0);
    }

    private static <V> void check(String property, V value, Consumer<V> setter) {
        ConfigurationPropertyCheck.apply(PREFIX + property, value, setter);
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

        double factor(String level) {
            return switch (level) {
                case "low" -> low;
                case "moderate" -> moderate;
                case "high" -> high;
                default -> critical;
            };
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
