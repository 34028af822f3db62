package io.memguard.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * What memguard has observed on this instance, the input of the {@link RecommendationEngine}. Every figure
 * is optional: a byte count of {@code -1}, a ratio of {@code NaN} or a count of {@code -1} means it was not
 * observed, and no advice that needs it is given.
 *
 * @param maxHeapBytes          the max heap, in bytes
 * @param containerLimitBytes   the memory limit of the container the JVM runs in, in bytes
 * @param explicitGcDisabled    whether the JVM ignores explicit collections ({@code -XX:+DisableExplicitGC})
 * @param gcHintsEnabled        whether memguard asks for a collection when pressure rises
 * @param bucketReuse           how well each buffer pool bucket reuses its buffers
 * @param gcOverhead            the fraction of time the JVM spent collecting garbage, in [0..1]
 * @param availableMemoryBytes  memory free for more work: the max heap minus the live set, in bytes
 * @param perWorkerMemoryBytes  the memory one worker (a request, a stream) needs, in bytes
 * @param workerConcurrency     how many workers may run at once as configured now
 * @param lowMemoryModeEnabled  whether low-memory mode may turn on automatically
 * @param pressureHistory       how much pressure this instance has seen
 * @param footprint             what the JVM may take from its container (heap, direct memory, non-heap, thread
 *                              stacks), or {@code null} when not measured
 * @since 0.1.0
 */
public record MemoryObservations(long maxHeapBytes, long containerLimitBytes, boolean explicitGcDisabled,
        boolean gcHintsEnabled, List<BucketReuse> bucketReuse, double gcOverhead, long availableMemoryBytes,
        long perWorkerMemoryBytes, int workerConcurrency, boolean lowMemoryModeEnabled,
        PressureHistory pressureHistory, @Nullable JvmFootprint footprint) {

    public MemoryObservations {
        bucketReuse = List.copyOf(Objects.requireNonNull(bucketReuse, "bucketReuse"));
        Objects.requireNonNull(pressureHistory, "pressureHistory");
    }

    /**
     * A builder with nothing observed.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects {@link MemoryObservations}; {@link MemoryObservationContributor}s each fill in what they know.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private long maxHeapBytes = -1;

        private long containerLimitBytes = -1;

        private boolean explicitGcDisabled;

        private boolean gcHintsEnabled;

        private final List<BucketReuse> bucketReuse = new ArrayList<>();

        private double gcOverhead = Double.NaN;

        private long availableMemoryBytes = -1;

        private long perWorkerMemoryBytes = -1;

        private int workerConcurrency = -1;

        private boolean lowMemoryModeEnabled = true;

        private PressureHistory pressureHistory = PressureHistory.NONE;

        private @Nullable JvmFootprint footprint;

        private Builder() {
        }

        /**
         * @param bytes the max heap
         * @return this builder
         */
        public Builder maxHeapBytes(long bytes) {
            this.maxHeapBytes = bytes;
            return this;
        }

        /**
         * @param bytes the container's memory limit
         * @return this builder
         */
        public Builder containerLimitBytes(long bytes) {
            this.containerLimitBytes = bytes;
            return this;
        }

        /**
         * @param disabled whether the JVM ignores explicit collections
         * @return this builder
         */
        public Builder explicitGcDisabled(boolean disabled) {
            this.explicitGcDisabled = disabled;
            return this;
        }

        /**
         * @param enabled whether memguard asks for a collection when pressure rises
         * @return this builder
         */
        public Builder gcHintsEnabled(boolean enabled) {
            this.gcHintsEnabled = enabled;
            return this;
        }

        /**
         * Adds the reuse figures of one buffer pool bucket.
         *
         * @param reuse the bucket's figures
         * @return this builder
         */
        public Builder addBucketReuse(BucketReuse reuse) {
            this.bucketReuse.add(Objects.requireNonNull(reuse, "reuse"));
            return this;
        }

        /**
         * @param ratio the fraction of time spent collecting garbage
         * @return this builder
         */
        public Builder gcOverhead(double ratio) {
            this.gcOverhead = ratio;
            return this;
        }

        /**
         * @param bytes memory free for more work
         * @return this builder
         */
        public Builder availableMemoryBytes(long bytes) {
            this.availableMemoryBytes = bytes;
            return this;
        }

        /**
         * @param bytes the memory one worker needs
         * @return this builder
         */
        public Builder perWorkerMemoryBytes(long bytes) {
            this.perWorkerMemoryBytes = bytes;
            return this;
        }

        /**
         * @param workers how many workers may run at once as configured now
         * @return this builder
         */
        public Builder workerConcurrency(int workers) {
            this.workerConcurrency = workers;
            return this;
        }

        /**
         * @param enabled whether low-memory mode may turn on automatically
         * @return this builder
         */
        public Builder lowMemoryModeEnabled(boolean enabled) {
            this.lowMemoryModeEnabled = enabled;
            return this;
        }

        /**
         * @param history how much pressure this instance has seen
         * @return this builder
         */
        public Builder pressureHistory(PressureHistory history) {
            this.pressureHistory = Objects.requireNonNull(history, "history");
            return this;
        }

        /**
         * @param footprint what the JVM may take from its container
         * @return this builder
         */
        public Builder footprint(JvmFootprint footprint) {
            this.footprint = Objects.requireNonNull(footprint, "footprint");
            return this;
        }

        /**
         * @return the observations collected so far
         */
        public MemoryObservations build() {
            return new MemoryObservations(maxHeapBytes, containerLimitBytes, explicitGcDisabled, gcHintsEnabled,
                    bucketReuse, gcOverhead, availableMemoryBytes, perWorkerMemoryBytes, workerConcurrency,
                    lowMemoryModeEnabled, pressureHistory, footprint);
        }
    }

    /**
     * How well one bucket of a buffer pool reuses its buffers.
     *
     * @param bucketBytes  the size of the bucket's buffers, in bytes
     * @param acquisitions buffers handed out by the bucket
     * @param reuseRatio   the fraction of acquisitions served by a reused buffer, in [0..1]
     * @since 0.1.0
     */
    public record BucketReuse(long bucketBytes, long acquisitions, double reuseRatio) {

        public BucketReuse {
            if (!(reuseRatio >= 0 && reuseRatio <= 1)) {
                throw new IllegalArgumentException("reuseRatio must be in [0..1], was " + reuseRatio);
            }
        }
    }

    /**
     * How much memory pressure this instance has seen since it started.
     *
     * @param peak              the highest level reached
     * @param timesHigh         how many times the level rose to {@code HIGH} or above from below
     * @param timesCritical     how many times the level rose to {@code CRITICAL}
     * @param timeAtHighOrAbove total time spent at {@code HIGH} or above, including an episode still going on
     * @since 0.1.0
     */
    public record PressureHistory(MemoryPressureLevel peak, long timesHigh, long timesCritical,
            Duration timeAtHighOrAbove) {

        /** A history with no pressure at all. */
        public static final PressureHistory NONE = new PressureHistory(MemoryPressureLevel.NONE, 0, 0, Duration.ZERO);

        public PressureHistory {
            Objects.requireNonNull(peak, "peak");
            Objects.requireNonNull(timeAtHighOrAbove, "timeAtHighOrAbove");
        }
    }
}
