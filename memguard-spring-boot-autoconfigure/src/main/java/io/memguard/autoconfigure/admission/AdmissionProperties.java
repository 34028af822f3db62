package io.memguard.autoconfigure.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.spring.web.ExcludedPaths;
import io.memguard.autoconfigure.protect.RequestGuardProperties;

/**
 * Configuration of memory-aware admission: a limit on the expected memory of the requests in flight, moved by a
 * feedback loop on heap-after-GC and the container's working set. Every default works untuned; see
 * {@code docs/admission.md}.
 *
 * @since 0.3.0
 */
@ConfigurationProperties("memguard.admission")
public class AdmissionProperties extends RequestGuardProperties implements InitializingBean {

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
     * @since 0.3.0
     */
    public static class Queue {

        /**
         * Longest wait for room before a request is refused with 503 (Spring MVC; under WebFlux a request that
         * does not fit is refused at once).
         */
        private Duration timeout = Duration.ofMillis(50);

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
     * @since 0.3.0
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
     * @since 0.3.0
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
    public void afterPropertiesSet() {
        if (target != null && !(target > 0 && target < 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.target", target, "must be in (0..1)",
                    "Set memguard.admission.target to a ratio such as 0.75, or leave it unset to follow the MODERATE"
                            + " threshold.");
        }
        double effectiveTarget = (target != null) ? target : 1.0;
        if (!(hysteresis >= 0 && hysteresis < effectiveTarget)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.hysteresis", hysteresis,
                    "must be at least 0 and below the target", "Set memguard.admission.hysteresis to a ratio such as"
                            + " 0.05.");
        }
        requirePositiveOrZero("memguard.admission.horizon", horizon, "2s");
        if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.decrease-factor", decreaseFactor,
                    "must be in (0..1)", "Set memguard.admission.decrease-factor to a ratio such as 0.7.");
        }
        if (!(increasePerSecond > 0 && increasePerSecond <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.increase-per-second", increasePerSecond,
                    "must be in (0..1]", "Set memguard.admission.increase-per-second to a ratio such as 0.05.");
        }
        requirePositiveOrZero("memguard.admission.cut-cooldown", cutCooldown, "500ms");
        if (!(maxLimitRatio > 0 && maxLimitRatio <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.max-limit-ratio", maxLimitRatio,
                    "must be in (0..1]", "Set memguard.admission.max-limit-ratio to a ratio such as 1.0.");
        }
        if (!(minLimitRatio > 0 && minLimitRatio <= maxLimitRatio)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.min-limit-ratio", minLimitRatio,
                    "must be above 0 and at most memguard.admission.max-limit-ratio (" + maxLimitRatio + ")",
                    "Set memguard.admission.min-limit-ratio to a ratio such as 0.03.");
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw InvalidMemguardPropertyException.of("memguard.admission.retry-after", retryAfter, "must be positive",
                    "Set memguard.admission.retry-after to a positive duration such as 1s.");
        }
        requirePositiveOrZero("memguard.admission.queue.timeout", queue.timeout, "50ms");
        if (queue.capacity < 0) {
            throw InvalidMemguardPropertyException.of("memguard.admission.queue.capacity", queue.capacity,
                    "must not be negative", "Set memguard.admission.queue.capacity to 0 or more, such as 64.");
        }
        if (routes.max < 1) {
            throw InvalidMemguardPropertyException.of("memguard.admission.routes.max", routes.max,
                    "must be at least 1", "Set memguard.admission.routes.max to 1 or more, such as 50.");
        }
        if (!(routes.smoothing > 0 && routes.smoothing <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.routes.smoothing", routes.smoothing,
                    "must be in (0..1]", "Set memguard.admission.routes.smoothing to a ratio such as 0.2.");
        }
        if (routes.defaultCost.toBytes() < 1) {
            throw InvalidMemguardPropertyException.of("memguard.admission.routes.default-cost", routes.defaultCost,
                    "must be at least 1 byte", "Set memguard.admission.routes.default-cost to a size such as 64KB.");
        }
        if (!(routes.bodyFactor >= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.admission.routes.body-factor", routes.bodyFactor,
                    "must be at least 1", "Set memguard.admission.routes.body-factor to 1 or more, such as 4.");
        }
        if (priority.header != null && priority.header.isBlank()) {
            throw InvalidMemguardPropertyException.of("memguard.admission.priority.header", "'" + priority.header + "'",
                    "must not be blank", "Set memguard.admission.priority.header to a header name such as"
                            + " X-Priority, or leave it unset.");
        }
        ExcludedPaths.checkProperty("memguard.admission.excluded-paths", getExcludedPaths());
        ExcludedPaths.checkProperty("memguard.admission.priority.low-paths", priority.lowPaths);
        ExcludedPaths.checkProperty("memguard.admission.priority.high-paths", priority.highPaths);
    }

    private static void requirePositiveOrZero(String property, Duration value, String example) {
        if (value.isNegative()) {
            throw InvalidMemguardPropertyException.of(property, value, "must not be negative",
                    "Set " + property + " to a duration such as " + example + ".");
        }
    }
}
