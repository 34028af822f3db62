package io.memguard.autoconfigure.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaController.OverLimitAction;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of per-stream memory quotas, under {@code memguard.quota}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.quota")
public class QuotaProperties implements Validator {

    /**
     * Whether per-stream memory quotas are enabled.
     */
    private boolean enabled = true;

    /**
     * Most bytes all streams together may hold. When set, it takes precedence over global-limit-ratio.
     */
    private @Nullable DataSize globalLimit;

    /**
     * Global limit as a fraction of the max heap (-Xmx), in (0, 1], used when global-limit is not set.
     */
    private double globalLimitRatio = 0.5;

    /**
     * Limit of every stream that has no entry in stream-limits.
     */
    private DataSize defaultStreamLimit = DataSize.ofMegabytes(64);

    /**
     * Limits of particular streams, by stream id, overriding default-stream-limit. Write an id that holds dots
     * in brackets: memguard.quota.stream-limits[camera.7]=8MB.
     */
    private Map<String, DataSize> streamLimits = new LinkedHashMap<>();

    /**
     * Names of the components bytes are accounted to, such as frames, gop, packets, metadata. Default: one
     * component, named default.
     */
    private List<String> components = new ArrayList<>(List.of("default"));

    /**
     * What an allocation that would take its stream over its limit does: evict the stream's own entries, or
     * reject at once.
     */
    private OverLimitAction overLimit = OverLimitAction.EVICT;

    /**
     * How often the quota runs its maintenance: leak checks, the allocation rate, the per-stream metrics and
     * the re-arming of background eviction.
     */
    private Duration maintenanceInterval = Duration.ofSeconds(1);

    private final Thresholds thresholds = new Thresholds();

    private final Eviction eviction = new Eviction();

    private final RateLimits rateLimit = new RateLimits();

    private final Leak leak = new Leak();

    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable DataSize getGlobalLimit() {
        return globalLimit;
    }

    public void setGlobalLimit(@Nullable DataSize globalLimit) {
        this.globalLimit = globalLimit;
    }

    public double getGlobalLimitRatio() {
        return globalLimitRatio;
    }

    public void setGlobalLimitRatio(double globalLimitRatio) {
        this.globalLimitRatio = globalLimitRatio;
    }

    public DataSize getDefaultStreamLimit() {
        return defaultStreamLimit;
    }

    public void setDefaultStreamLimit(DataSize defaultStreamLimit) {
        this.defaultStreamLimit = defaultStreamLimit;
    }

    public Map<String, DataSize> getStreamLimits() {
        return streamLimits;
    }

    public void setStreamLimits(Map<String, DataSize> streamLimits) {
        this.streamLimits = streamLimits;
    }

    public List<String> getComponents() {
        return components;
    }

    public void setComponents(List<String> components) {
        this.components = components;
    }

    public OverLimitAction getOverLimit() {
        return overLimit;
    }

    public void setOverLimit(OverLimitAction overLimit) {
        this.overLimit = overLimit;
    }

    public Duration getMaintenanceInterval() {
        return maintenanceInterval;
    }

    public void setMaintenanceInterval(Duration maintenanceInterval) {
        this.maintenanceInterval = maintenanceInterval;
    }

    public Thresholds getThresholds() {
        return thresholds;
    }

    public Eviction getEviction() {
        return eviction;
    }

    public RateLimits getRateLimit() {
        return rateLimit;
    }

    public Leak getLeak() {
        return leak;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == QuotaProperties.class || type == Thresholds.class || type == Eviction.class
                || type == Bucket.class || type == Leak.class || type == Metrics.class;
    }

    /**
     * Checks the values while Spring Boot binds them, each group under its own name. memguard-core's
     * {@link QuotaController.Builder} owns most rules: those values go through the setter that checks them, on a
     * builder that is thrown away.
     */
    @Override
    public void validate(Object target, Errors errors) {
        QuotaController.Builder core = QuotaController.builder();
        if (target instanceof Thresholds group) {
            group.validate(errors);
        }
        else if (target instanceof Eviction group) {
            PropertyChecks.acceptedBy(errors, "headroom", group.headroom, core::evictionHeadroom);
            PropertyChecks.acceptedBy(errors, "minimumRetention", group.minimumRetention, core::minimumRetention);
        }
        else if (target instanceof Bucket group) {
            group.validate(errors);
        }
        else if (target instanceof Leak group) {
            if (group.threshold == null || group.threshold.isNegative()) {
                PropertyChecks.reject(errors, "threshold", "must be zero or a positive size, such as 64MB");
            }
            PropertyChecks.positive(errors, "window", group.window, "5m");
        }
        else if (target instanceof Metrics group) {
            PropertyChecks.atLeast(errors, "topStreams", group.getTopStreams(), 0);
        }
        else if (target == this) {
            if (globalLimit != null) {
                PropertyChecks.acceptedBy(errors, "globalLimit", globalLimit,
                        (limit) -> core.globalLimit(limit.toBytes()));
            }
            else {
                PropertyChecks.acceptedBy(errors, "globalLimitRatio", globalLimitRatio, core::globalLimitRatio);
            }
            PropertyChecks.acceptedBy(errors, "defaultStreamLimit", defaultStreamLimit,
                    (limit) -> core.defaultStreamLimit(limit.toBytes()));
            streamLimits.forEach((stream, limit) -> PropertyChecks.acceptedBy(errors, "streamLimits", limit,
                    (value) -> core.streamLimit(stream, value.toBytes())));
            PropertyChecks.acceptedBy(errors, "components", components, core::components);
            PropertyChecks.acceptedBy(errors, "overLimit", overLimit, core::overLimitAction);
            PropertyChecks.acceptedBy(errors, "maintenanceInterval", maintenanceInterval, core::maintenanceInterval);
        }
    }

    /**
     * Thresholds of the global limit, as fractions of it.

     *

     * @since 0.1.0
     */
    public static class Thresholds {

        /**
         * Above this fraction of the global limit, entries are evicted across streams in the background.
         */
        private double soft = 0.80;

        /**
         * Above this fraction of the global limit, an allocation first evicts synchronously, then is admitted.
         */
        private double hard = 0.95;

        /**
         * At or above this fraction of the global limit, new allocations and new streams are rejected. The
         * thresholds lie in (0, 1] and increase strictly: soft, hard, critical.
         */
        private double critical = 0.98;

        public double getSoft() {
            return soft;
        }

        public void setSoft(double soft) {
            this.soft = soft;
        }

        public double getHard() {
            return hard;
        }

        public void setHard(double hard) {
            this.hard = hard;
        }

        public double getCritical() {
            return critical;
        }

        public void setCritical(double critical) {
            this.critical = critical;
        }

        /**
         * Each a ratio of the global limit, strictly increasing. Of a pair out of order, the one the user set is
         * rejected (the other keeps its default), so that the report names where it was set.
         */
        void validate(Errors errors) {
            PropertyChecks.ratio(errors, "soft", soft, "0.8");
            PropertyChecks.ratio(errors, "hard", hard, "0.95");
            PropertyChecks.ratio(errors, "critical", critical, "0.98");
            if (errors.hasErrors()) {
                return;
            }
            Thresholds defaults = new Thresholds();
            if (hard <= soft) {
                rejectOrder(errors, "soft", soft, defaults.soft, "hard", hard);
            }
            else if (critical <= hard) {
                rejectOrder(errors, "hard", hard, defaults.hard, "critical", critical);
            }
        }

        private static void rejectOrder(Errors errors, String lower, double lowerValue, double lowerDefault,
                String upper, double upperValue) {
            if (lowerValue != lowerDefault) {
                PropertyChecks.reject(errors, lower, "must be below " + PropertyChecks.property(errors, upper) + " ("
                        + upperValue + "): the thresholds increase, soft < hard < critical");
            }
            else {
                PropertyChecks.reject(errors, upper, "must be above " + PropertyChecks.property(errors, lower) + " ("
                        + lowerValue + "): the thresholds increase, soft < hard < critical");
            }
        }
    }

    /**
     * Which entries are evicted, and which are kept.

     *

     * @since 0.1.0
     */
    public static class Eviction {

        /**
         * Which entries go first: lru (least recently used) or priority (lowest priority first). A bean of type
         * EvictionPolicy replaces it.
         */
        private Policy policy = Policy.LRU;

        /**
         * With the priority policy, entries with a higher priority than this are kept unless the level is
         * critical.
         */
        private int protectedPriority = 100;

        /**
         * How far below its limit, as a fraction of the limit in [0, 0.5], a stream that went over it evicts, so
         * that the next allocations fit without another eviction run; 0 evicts only what each allocation needs.
         */
        private double headroom = 0.05;

        /**
         * Entries younger than this are not evicted; zero protects none.
         */
        private Duration minimumRetention = Duration.ZERO;

        /**
         * Whether young entries stay protected at the critical level too.
         */
        private boolean minimumRetentionAtCritical;

        public Policy getPolicy() {
            return policy;
        }

        public void setPolicy(Policy policy) {
            this.policy = policy;
        }

        public int getProtectedPriority() {
            return protectedPriority;
        }

        public void setProtectedPriority(int protectedPriority) {
            this.protectedPriority = protectedPriority;
        }

        public double getHeadroom() {
            return headroom;
        }

        public void setHeadroom(double headroom) {
            this.headroom = headroom;
        }

        public Duration getMinimumRetention() {
            return minimumRetention;
        }

        public void setMinimumRetention(Duration minimumRetention) {
            this.minimumRetention = minimumRetention;
        }

        public boolean isMinimumRetentionAtCritical() {
            return minimumRetentionAtCritical;
        }

        public void setMinimumRetentionAtCritical(boolean minimumRetentionAtCritical) {
            this.minimumRetentionAtCritical = minimumRetentionAtCritical;
        }

        /**
         * The built-in eviction policies.

         *

         * @since 0.1.0
         */
        public enum Policy {

            /** Least recently used first. */
            LRU,

            /** Lowest priority first; protected priorities kept unless critical. */
            PRIORITY
        }
    }

    /**
     * Token buckets that limit how fast bytes may be acquired.

     *

     * @since 0.1.0
     */
    public static class RateLimits {

        private final Bucket stream = new Bucket();

        private final Bucket global = new Bucket();

        public Bucket getStream() {
            return stream;
        }

        public Bucket getGlobal() {
            return global;
        }
    }

    /**
     * One token bucket; unlimited while bytes-per-second is not set.

     *

     * @since 0.1.0
     */
    public static class Bucket {

        /**
         * Sustained rate, in bytes per second (for example 10MB). Unset means unlimited.
         */
        private @Nullable DataSize bytesPerSecond;

        /**
         * Most bytes that can be acquired at once after a quiet period. Defaults to one second's worth of the
         * rate.
         */
        private @Nullable DataSize burst;

        public @Nullable DataSize getBytesPerSecond() {
            return bytesPerSecond;
        }

        public void setBytesPerSecond(@Nullable DataSize bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        public @Nullable DataSize getBurst() {
            return burst;
        }

        public void setBurst(@Nullable DataSize burst) {
            this.burst = burst;
        }

        /** A rate is positive; a burst is positive and needs a rate. */
        void validate(Errors errors) {
            if (bytesPerSecond != null && bytesPerSecond.toBytes() <= 0) {
                PropertyChecks.reject(errors, "bytesPerSecond", "must be positive, such as 10MB, or unset for no limit");
            }
            if (burst != null && bytesPerSecond == null) {
                PropertyChecks.reject(errors, "burst", "needs a rate: set " + PropertyChecks.property(errors,
                        "bytesPerSecond") + " too");
            }
            else if (burst != null && burst.toBytes() <= 0) {
                PropertyChecks.reject(errors, "burst", "must be positive, such as 1MB, or unset to allow one second's"
                        + " worth");
            }
        }
    }

    /**
     * When a stream is reported as a suspected leak.

     *

     * @since 0.1.0
     */
    public static class Leak {

        /**
         * Bytes a stream may hold outside evictable entries for longer than the window before it is reported.
         */
        private DataSize threshold = DataSize.ofMegabytes(64);

        /**
         * How long a stream may stay above the threshold before it is reported.
         */
        private Duration window = Duration.ofMinutes(5);

        public DataSize getThreshold() {
            return threshold;
        }

        public void setThreshold(DataSize threshold) {
            this.threshold = threshold;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    /**
     * The quota metrics.

     *

     * @since 0.1.0
     */
    public static class Metrics {

        /**
         * How many streams, the largest first, get their own memguard.quota.stream.used series; the rest are
         * summed in one series tagged stream=other, so the number of series stays bounded.
         */
        private int topStreams = 10;

        public int getTopStreams() {
            return topStreams;
        }

        public void setTopStreams(int topStreams) {
            this.topStreams = topStreams;
        }
    }
}
