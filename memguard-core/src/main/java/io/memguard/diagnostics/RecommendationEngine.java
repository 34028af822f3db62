package io.memguard.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.internal.Listeners;

/**
 * Turns what memguard observed on this instance into concrete advice, each piece with its evidence:
 * <ul>
 * <li>{@code heap-near-container-limit}: the max heap is more than a ratio (default 0.80) of the container
 * limit;</li>
 * <li>{@code gc-hints-without-explicit-gc}: GC hints are on while {@code -XX:+DisableExplicitGC} ignores
 * them;</li>
 * <li>{@code low-buffer-reuse}: a buffer bucket with at least 1,000 acquisitions reuses less than a ratio
 * (default 0.5) of its buffers;</li>
 * <li>{@code gc-overhead}: the time spent collecting is at least a ratio (default 0.10);</li>
 * <li>{@code worker-concurrency}: how many workers fit in the memory available, when the configured number
 * is unknown or larger;</li>
 * <li>{@code enable-low-memory-mode}: pressure reached {@code HIGH} while low-memory mode is off.</li>
 * </ul>
 * Further rules can be added with {@link Builder#addRule}. With nothing to say, the list is empty.
 *
 * @since 0.1.0
 */
public final class RecommendationEngine {

    private static final Logger logger = LoggerFactory.getLogger(RecommendationEngine.class);

    private final List<RecommendationRule> rules;

    private final LongAdder contributorFailures = new LongAdder();

    private RecommendationEngine(List<RecommendationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The advice for what was observed.
     *
     * @param observations what was observed
     * @return the recommendations, in rule order; empty when there is nothing to say
     */
    public List<Recommendation> recommend(MemoryObservations observations) {
        Objects.requireNonNull(observations, "observations");
        List<Recommendation> recommendations = new ArrayList<>();
        for (RecommendationRule rule : rules) {
            recommendations.addAll(rule.recommend(observations));
        }
        return List.copyOf(recommendations);
    }

    /**
     * Collects observations from every contributor, then gives the advice for them. A contributor that throws
     * is counted, logged and skipped: the others' evidence still counts.
     *
     * @param contributors what to ask for observations
     * @return the recommendations
     */
    public List<Recommendation> recommend(Iterable<? extends MemoryObservationContributor> contributors) {
        MemoryObservations.Builder observations = MemoryObservations.builder();
        Listeners.FailureHandler onFailure = Listeners.logAndCount(contributorFailures, logger, this);
        for (MemoryObservationContributor contributor : contributors) {
            Listeners.run(contributor, (each) -> each.contribute(observations), onFailure);
        }
        return recommend(observations.build());
    }

    /**
     * How many times a contributor threw since this engine was made (each is logged, and the others still count).
     *
     * @return the count
     */
    public long contributorFailures() {
        return contributorFailures.sum();
    }

    /**
     * A builder with the default thresholds and the default rules.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link RecommendationEngine}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private double maxHeapToContainerRatio = 0.80;

        private double gcOverheadThreshold = 0.10;

        private double minBucketReuseRatio = 0.5;

        private long minBucketAcquisitions = 1000;

        private final List<RecommendationRule> extraRules = new ArrayList<>();

        private Builder() {
        }

        /**
         * Above this ratio of max heap to container limit, advise a smaller heap; in (0..1).
         *
         * @param ratio the ratio
         * @return this builder
         */
        public Builder maxHeapToContainerRatio(double ratio) {
            this.maxHeapToContainerRatio = ratio;
            return this;
        }

        /**
         * From this fraction of time spent collecting, advise on GC overhead; in (0..1].
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder gcOverheadThreshold(double threshold) {
            this.gcOverheadThreshold = threshold;
            return this;
        }

        /**
         * Below this reuse ratio, a buffer bucket is reported; in (0..1].
         *
         * @param ratio the ratio
         * @return this builder
         */
        public Builder minBucketReuseRatio(double ratio) {
            this.minBucketReuseRatio = ratio;
            return this;
        }

        /**
         * A bucket is judged only after this many acquisitions; zero or more.
         *
         * @param acquisitions the minimum number of acquisitions
         * @return this builder
         */
        public Builder minBucketAcquisitions(long acquisitions) {
            this.minBucketAcquisitions = acquisitions;
            return this;
        }

        /**
         * Adds a rule, run after the default ones: it turns observations into advice of one kind, and returns an
         * empty list when it has nothing to say.
         *
         * @param rule the rule, given what was observed, returning its recommendations
         * @return this builder
         */
        public Builder addRule(Function<? super MemoryObservations, ? extends List<Recommendation>> rule) {
            Objects.requireNonNull(rule, "rule");
            this.extraRules.add(rule::apply);
            return this;
        }

        /**
         * Builds the engine.
         *
         * @return the engine
         * @throws IllegalArgumentException if a threshold is out of range, naming it
         */
        public RecommendationEngine build() {
            if (!(maxHeapToContainerRatio > 0 && maxHeapToContainerRatio < 1)) {
                throw new IllegalArgumentException("maxHeapToContainerRatio must be in (0..1), was "
                        + maxHeapToContainerRatio);
            }
            if (!(gcOverheadThreshold > 0 && gcOverheadThreshold <= 1)) {
                throw new IllegalArgumentException("gcOverheadThreshold must be in (0..1], was " + gcOverheadThreshold);
            }
            if (!(minBucketReuseRatio > 0 && minBucketReuseRatio <= 1)) {
                throw new IllegalArgumentException("minBucketReuseRatio must be in (0..1], was " + minBucketReuseRatio);
            }
            if (minBucketAcquisitions < 0) {
                throw new IllegalArgumentException("minBucketAcquisitions must not be negative, was "
                        + minBucketAcquisitions);
            }
            List<RecommendationRule> rules = new ArrayList<>();
            rules.add(new HeapHeadroomRule(maxHeapToContainerRatio));
            rules.add(new ContainerMisfitRule());
            rules.add(new ExplicitGcHintRule());
            rules.add(new BucketReuseRule(minBucketReuseRatio, minBucketAcquisitions));
            rules.add(new GcOverheadRule(gcOverheadThreshold));
            rules.add(new WorkerConcurrencyRule());
            rules.add(new LowMemoryModeRule());
            rules.addAll(extraRules);
            return new RecommendationEngine(rules);
        }
    }

    /**
     * One concrete piece of advice about this instance's memory, with the figures that led to it.
     *
     * @param id       a stable kebab-case identifier of the kind of advice, such as {@code heap-near-container-limit}
     * @param advice   what was observed and what to change, in a few sentences
     * @param evidence the observed figures behind the advice, by name, in a stable order
     * @since 0.1.0
     */
    public record Recommendation(String id, String advice, Map<String, Object> evidence) {

        public Recommendation {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(advice, "advice");
            evidence = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(evidence, "evidence")));
        }
    }
}
