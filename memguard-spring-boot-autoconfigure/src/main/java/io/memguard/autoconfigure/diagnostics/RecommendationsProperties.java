package io.memguard.autoconfigure.diagnostics;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the recommendations at {@code /actuator/memory/recommendations}: the thresholds from which
 * advice is given, and what memguard cannot observe by itself.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.recommendations")
public class RecommendationsProperties implements InitializingBean {

    /**
     * Whether to compute recommendations.
     */
    private boolean enabled = true;

    /**
     * Ratio of max heap to container memory limit above which a smaller heap is advised, in (0..1).
     */
    private double maxHeapToContainerRatio = 0.80;

    /**
     * Fraction of time spent collecting garbage from which GC overhead is reported, in (0..1].
     */
    private double gcOverheadThreshold = 0.10;

    /**
     * Reuse ratio below which a buffer pool bucket is reported, in (0..1].
     */
    private double minBucketReuseRatio = 0.5;

    /**
     * Acquisitions a buffer pool bucket needs before its reuse ratio is judged.
     */
    private long minBucketAcquisitions = 1000;

    /**
     * Memory one worker (a request or a stream) needs, as measured for this service (for example with
     * MemoryProfiler); when set, a worker concurrency that fits the memory available is suggested.
     */
    private @Nullable DataSize perWorkerMemory;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getMaxHeapToContainerRatio() {
        return maxHeapToContainerRatio;
    }

    public void setMaxHeapToContainerRatio(double maxHeapToContainerRatio) {
        this.maxHeapToContainerRatio = maxHeapToContainerRatio;
    }

    public double getGcOverheadThreshold() {
        return gcOverheadThreshold;
    }

    public void setGcOverheadThreshold(double gcOverheadThreshold) {
        this.gcOverheadThreshold = gcOverheadThreshold;
    }

    public double getMinBucketReuseRatio() {
        return minBucketReuseRatio;
    }

    public void setMinBucketReuseRatio(double minBucketReuseRatio) {
        this.minBucketReuseRatio = minBucketReuseRatio;
    }

    public long getMinBucketAcquisitions() {
        return minBucketAcquisitions;
    }

    public void setMinBucketAcquisitions(long minBucketAcquisitions) {
        this.minBucketAcquisitions = minBucketAcquisitions;
    }

    public @Nullable DataSize getPerWorkerMemory() {
        return perWorkerMemory;
    }

    public void setPerWorkerMemory(@Nullable DataSize perWorkerMemory) {
        this.perWorkerMemory = perWorkerMemory;
    }

    @Override
    public void afterPropertiesSet() {
        if (!(maxHeapToContainerRatio > 0 && maxHeapToContainerRatio < 1)) {
            throw InvalidMemguardPropertyException.of("memguard.recommendations.max-heap-to-container-ratio", maxHeapToContainerRatio, "must be in (0..1)",
                    "Set memguard.recommendations.max-heap-to-container-ratio to a ratio such as 0.8.");
        }
        if (!(gcOverheadThreshold > 0 && gcOverheadThreshold <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.recommendations.gc-overhead-threshold", gcOverheadThreshold, "must be in (0..1]",
                    "Set memguard.recommendations.gc-overhead-threshold to a ratio such as 0.1.");
        }
        if (!(minBucketReuseRatio > 0 && minBucketReuseRatio <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.recommendations.min-bucket-reuse-ratio", minBucketReuseRatio, "must be in (0..1]",
                    "Set memguard.recommendations.min-bucket-reuse-ratio to a ratio such as 0.5.");
        }
        if (minBucketAcquisitions < 0) {
            throw InvalidMemguardPropertyException.of("memguard.recommendations.min-bucket-acquisitions", minBucketAcquisitions, "must not be negative",
                    "Set memguard.recommendations.min-bucket-acquisitions to 0 or more.");
        }
        if (perWorkerMemory != null && perWorkerMemory.toBytes() <= 0) {
            throw InvalidMemguardPropertyException.of("memguard.recommendations.per-worker-memory", perWorkerMemory, "must be positive",
                    "Set memguard.recommendations.per-worker-memory to a size such as 4MB, or leave it unset.");
        }
    }
}
