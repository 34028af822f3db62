package io.memguard.autoconfigure.diagnostics;

import io.memguard.autoconfigure.PropertyChecks;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the recommendations at {@code /actuator/memory/recommendations}: the thresholds from which
 * advice is given, and what memguard cannot observe by itself.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.recommendations")
public class RecommendationsProperties implements Validator {

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
    public boolean supports(Class<?> type) {
        return type == RecommendationsProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        if (!(maxHeapToContainerRatio > 0 && maxHeapToContainerRatio < 1)) {
            PropertyChecks.reject(errors, "maxHeapToContainerRatio", "must be a ratio above 0 and below 1, such as 0.8");
        }
        PropertyChecks.ratio(errors, "gcOverheadThreshold", gcOverheadThreshold, "0.1");
        PropertyChecks.ratio(errors, "minBucketReuseRatio", minBucketReuseRatio, "0.5");
        PropertyChecks.atLeast(errors, "minBucketAcquisitions", minBucketAcquisitions, 0);
        if (perWorkerMemory != null && perWorkerMemory.toBytes() <= 0) {
            PropertyChecks.reject(errors, "perWorkerMemory", "must be a positive size, such as 4MB, or unset");
        }
    }
}
