package io.memguard.autoconfigure.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.spring.web.ExcludedPaths;
import io.memguard.spring.web.ExcludedPaths;
import io.memguard.autoconfigure.protect.RequestGuardProperties;

/**
 * Configuration of memory-aware admission: a limit on the expected memory of the requests in flight, moved by a
 * feedback loop on heap-after-GC and the container's working set. Every default works untuned; see
 * {@code docs/admission.md}.
 *
 * @since 0.2.0
 */
@ConfigurationProperties("memguard.admission")
public class AdmissionProperties extends RequestGuardProperties implements Validator {

    /**
     * Whether to admit web requests by their expected memory (and let the adaptive concurrency limiter follow the same
     * limit). The limit starts at its maximum and only narrows when memory nears the target.
     */
    private boolean enabled = true;

    /**
     * Ratio of heap-after-GC or container working set the loop steers below, in (0..1). Unset: the MODERATE
     * threshold of memguard.pressure.thresholds.
     */
    private @Nullable Double target;

    /**
     * How far below the target the ratio must be before the limit grows back, in [0..target).
     */
    private double hysteresis = 0.05;

    /**
     * How far ahead a rising ratio is projected; the limit is cut when the projection reaches the target. 0s looks at
     * the ratio only.
     */
    private Duration horizon = Duration.ofSeconds(2);

    /**
     * What a cut multiplies the weight in flight by (or the limit, when that is lower or nothing is in flight), in
     * (0..1).
     */
    private double decreaseFactor = 0.7;

    /**
     * How fast the limit grows back while there is headroom and it is binding, as a share of the maximum per second,
     * in (0..1].
     */
    private double increasePerSecond = 0.05;

    /**
     * Shortest time between two cuts, so that the burst of readings after one collection is one cut.
     */
    private Duration cutCooldown = Duration.ofMillis(500);

    /**
     * The limit without pressure, where it starts, as a share of the heap's maximum size, in (0..1].
     */
    private double maxLimitRatio = 1.0;

    /**
     * The floor no cut goes below, as a share of the heap's maximum size, in (0..max-limit-ratio]. A request always
     * runs when nothing else is in flight, whatever its weight.
     */
    private double minLimitRatio = 0.03;

    /**
     * Retry-After of a refused request, rounded up to whole seconds.
     */
    private Duration retryAfter = Duration.ofSeconds(1);

    private final Queue queue = new Queue();

    private final Routes routes = new Routes();

    private final Priority priority = new Priority();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable Double getTarget() {
        return target;
    }

    public void setTarget(@Nullable Double target) {
        this.target = target;
    }

    public double getHysteresis() {
        return hysteresis;
    }

    public void setHysteresis(double hysteresis) {
        this.hysteresis = hysteresis;
    }

    public Duration getHorizon() {
        return horizon;
    }

    public void setHorizon(Duration horizon) {
        this.horizon = horizon;
    }

    public double getDecreaseFactor() {
        return decreaseFactor;
    }

    public void setDecreaseFactor(double decreaseFactor) {
        this.decreaseFactor = decreaseFactor;
    }

    public double getIncreasePerSecond() {
        return increasePerSecond;
    }

    public void setIncreasePerSecond(double increasePerSecond) {
        this.increasePerSecond = increasePerSecond;
    }

    public Duration getCutCooldown() {
        return cutCooldown;
    }

    public void setCutCooldown(Duration cutCooldown) {
        this.cutCooldown = cutCooldown;
    }

    public double getMaxLimitRatio() {
        return maxLimitRatio;
    }

    public void setMaxLimitRatio(double maxLimitRatio) {
        this.maxLimitRatio = maxLimitRatio;
    }

    public double getMinLimitRatio() {
        return minLimitRatio;
    }

    public void setMinLimitRatio(double minLimitRatio) {
        this.minLimitRatio = minLimitRatio;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public Queue getQueue() {
        return queue;
    }

    public Routes getRoutes() {
        return routes;
    }

    public Priority getPriority() {
        return priority;
    }

    /**
     * The short wait of a request that finds no room.
     *
     * @since 0.2.0
     */
    public static class Queue {

        /**
         * Longest wait for room before a request is refused with 503 (Spring MVC; under WebFlux a request that
         * does not fit is refused at once). Long enough for a request of a few hundred milliseconds ahead of it to
         * leave; shorter than the retry-after a refused client waits anyway.
         */
        private Duration timeout = Duration.ofMillis(250);

        /**
         * Most requests waiting at once; beyond it a request is refused at once. 0 refuses at once what does not
         * fit.
         */
        private int capacity = 64;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getCapacity() {
            return capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }

    /**
     * The memory each route costs, learned from what its requests allocate.
     *
     * @since 0.2.0
     */
    public static class Routes {

        /**
         * Most route templates with a cost of their own; later ones share "other".
         */
        private int max = 50;

        /**
         * Weight of each new measurement in a route's smoothed cost, in (0..1].
         */
        private double smoothing = 0.2;

        /**
         * Cost of a request on a route not measured yet that announces no body.
         */
        private DataSize defaultCost = DataSize.ofKilobytes(64);

        /**
         * What an announced body size (Content-Length) is multiplied by to estimate a request's cost; at least 1.
         * Load shedding weighs a large body by the same factor from its large-request level.
         */
        private double bodyFactor = 4.0;

        public int getMax() {
            return max;
        }

        public void setMax(int max) {
            this.max = max;
        }

        public double getSmoothing() {
            return smoothing;
        }

        public void setSmoothing(double smoothing) {
            this.smoothing = smoothing;
        }

        public DataSize getDefaultCost() {
            return defaultCost;
        }

        public void setDefaultCost(DataSize defaultCost) {
            this.defaultCost = defaultCost;
        }

        public double getBodyFactor() {
            return bodyFactor;
        }

        public void setBodyFactor(double bodyFactor) {
            this.bodyFactor = bodyFactor;
        }
    }

    /**
     * Which requests are refused first (LOW) and last (HIGH); the rest are NORMAL.
     *
     * @since 0.2.0
     */
    public static class Priority {

        /**
         * Request header carrying a priority (low, normal or high, any case); unset: no header is read. Only trusted
         * clients should be able to set it.
         */
        private @Nullable String header;

        /**
         * Paths of LOW priority (PathPattern syntax, within the application): refused first, they may take at
         * most half of the limit.
         */
        private List<String> lowPaths = new ArrayList<>();

        /**
         * Paths of HIGH priority (PathPattern syntax, within the application): they may take the whole limit, where
         * NORMAL requests stop at 80% of it.
         */
        private List<String> highPaths = new ArrayList<>();

        public @Nullable String getHeader() {
            return header;
        }

        public void setHeader(@Nullable String header) {
            this.header = header;
        }

        public List<String> getLowPaths() {
            return lowPaths;
        }

        public void setLowPaths(List<String> lowPaths) {
            this.lowPaths = lowPaths;
        }

        public List<String> getHighPaths() {
            return highPaths;
        }

        public void setHighPaths(List<String> highPaths) {
            this.highPaths = highPaths;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == AdmissionProperties.class || type == Queue.class || type == Routes.class
                || type == Priority.class;
    }

    /**
     * Checks the values while Spring Boot binds them, each group under its own name, so that a bad one fails
     * start-up with Boot's report of the property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        if (target instanceof Queue group) {
            PropertyChecks.notNegative(errors, "timeout", group.timeout, "250ms");
            PropertyChecks.atLeast(errors, "capacity", group.capacity, 0);
        }
        else if (target instanceof Routes group) {
            PropertyChecks.atLeast(errors, "max", group.max, 1);
            PropertyChecks.ratio(errors, "smoothing", group.smoothing, "0.2");
            if (group.defaultCost == null || group.defaultCost.toBytes() < 1) {
                PropertyChecks.reject(errors, "defaultCost", "must be at least 1 byte, such as 64KB");
            }
            if (!(group.bodyFactor >= 1)) {
                PropertyChecks.reject(errors, "bodyFactor", "must be at least 1, such as 4");
            }
        }
        else if (target instanceof Priority group) {
            if (group.header != null && group.header.isBlank()) {
                PropertyChecks.reject(errors, "header", "must be a header name, such as X-Priority, or unset");
            }
            ExcludedPaths.rejectInvalid(errors, "lowPaths", group.lowPaths);
            ExcludedPaths.rejectInvalid(errors, "highPaths", group.highPaths);
        }
        else if (target == this) {
            validate(errors);
        }
    }

    private void validate(Errors errors) {
        if (target != null && !(target > 0 && target < 1)) {
            PropertyChecks.reject(errors, "target", "must be a ratio above 0 and below 1, such as 0.75, or unset to"
                    + " follow the MODERATE threshold");
        }
        double effectiveTarget = (target != null) ? target : 1.0;
        if (!(hysteresis >= 0 && hysteresis < effectiveTarget)) {
            PropertyChecks.reject(errors, "hysteresis", "must be at least 0 and below the target, such as 0.05");
        }
        PropertyChecks.notNegative(errors, "horizon", horizon, "2s");
        if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
            PropertyChecks.reject(errors, "decreaseFactor", "must be a ratio above 0 and below 1, such as 0.7");
        }
        PropertyChecks.ratio(errors, "increasePerSecond", increasePerSecond, "0.05");
        PropertyChecks.notNegative(errors, "cutCooldown", cutCooldown, "500ms");
        PropertyChecks.ratio(errors, "maxLimitRatio", maxLimitRatio, "1.0");
        if (!(minLimitRatio > 0 && minLimitRatio <= maxLimitRatio)) {
            PropertyChecks.reject(errors, "minLimitRatio", "must be above 0 and at most "
                    + PropertyChecks.property(errors, "maxLimitRatio") + " (" + maxLimitRatio + "), such as 0.03");
        }
        PropertyChecks.positive(errors, "retryAfter", retryAfter, "1s");
        ExcludedPaths.rejectInvalid(errors, "excludedPaths", getExcludedPaths());
    }
}
