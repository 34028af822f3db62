package io.memguard.autoconfigure.ringbuffer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Named ring buffers, created at start-up from {@code memguard.ring-buffers.*}.
 *
 * <p>Every setting left out of an instance comes from {@code defaults}, and every setting left out there
 * from memguard's built-in defaults (given in each setting's description).
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.ring-buffers")
public class RingBufferProperties implements Validator {

    /**
     * Settings every named ring buffer starts from; each instance may override any of them.
     */
    private final Settings defaults = new Settings();

    /**
     * Named ring buffers, each created at start-up and injectable as a bean of that name. Each takes every key of
     * memguard.ring-buffers.defaults (memguard.ring-buffers.instances.audit.capacity, for example); a key it leaves
     * out comes from the defaults.
     */
    private final Map<String, Settings> instances = new LinkedHashMap<>();

    public Settings getDefaults() {
        return defaults;
    }

    public Map<String, Settings> getInstances() {
        return instances;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == RingBufferProperties.class || type == Settings.class || type == Watermarks.class
                || type == Pressure.class;
    }

    /**
     * Checks every value that is set, while Spring Boot binds it: the defaults and each instance, each group under
     * its own name. memguard-core's {@link RingBuffer.Builder} owns the rules: each value goes through the setter that
     * checks it, on a builder that is thrown away. A pair (the watermarks, the pressure fractions) is checked with
     * the built-in default in place of a member left out; a setting an instance inherits from the defaults is checked
     * with the defaults. Last, with every group bound, each instance's pairs are checked as the buffer will get them,
     * a member it leaves out taken from the defaults: valid alone in each group, a pair can still conflict. Only
     * {@link RingBuffer.Builder#build()} checks the maximum capacity against the capacity, with the customizers'
     * changes, so that combination is reported when the buffer is built.
     */
    @Override
    public void validate(Object target, Errors errors) {
        RingBuffer.Builder<Object> core = RingBuffer.builder("validation");
        if (target instanceof Settings settings) {
            acceptIfSet(errors, "capacity", settings.capacity, core::capacity);
            acceptIfSet(errors, "maxCapacity", settings.maxCapacity, core::maxCapacity);
            acceptIfSet(errors, "policy", settings.policy, core::policy);
            acceptIfSet(errors, "fallbackPolicy", settings.fallbackPolicy, core::fallbackPolicy);
            acceptIfSet(errors, "timeout", settings.timeout, core::timeout);
        }
        else if (target instanceof Watermarks pair) {
            double high = (pair.high != null) ? pair.high : RingBuffer.Builder.DEFAULT_HIGH_WATERMARK;
            double low = (pair.low != null) ? pair.low : RingBuffer.Builder.DEFAULT_LOW_WATERMARK;
            acceptIfSet(errors, (pair.low != null) ? "low" : "high", (pair.low != null) ? pair.low : pair.high,
                    (ignored) -> core.watermarks(high, low));
        }
        else if (target instanceof Pressure pair) {
            double high = (pair.highFraction != null) ? pair.highFraction
                    : RingBuffer.Builder.DEFAULT_HIGH_PRESSURE_FRACTION;
            double critical = (pair.criticalFraction != null) ? pair.criticalFraction
                    : RingBuffer.Builder.DEFAULT_CRITICAL_PRESSURE_FRACTION;
            acceptIfSet(errors, (pair.criticalFraction != null) ? "criticalFraction" : "highFraction",
                    (pair.criticalFraction != null) ? pair.criticalFraction : pair.highFraction,
                    (ignored) -> core.pressureFractions(high, critical));
        }
        else if (target instanceof RingBufferProperties root) {
            root.instances.forEach((name, instance) -> root.validateInherited(errors, name, instance, core));
        }
    }

    /** Checks the pairs of an instance that take a member from the defaults, naming the member the core blames. */
    private void validateInherited(Errors errors, String name, Settings instance, RingBuffer.Builder<Object> core) {
        Watermarks own = instance.watermarks;
        Watermarks inherited = defaults.watermarks;
        if ((own.high == null) != (own.low == null) && (inherited.high != null || inherited.low != null)) {
            double high = first(own.high, inherited.high, RingBuffer.Builder.DEFAULT_HIGH_WATERMARK);
            double low = first(own.low, inherited.low, RingBuffer.Builder.DEFAULT_LOW_WATERMARK);
            String blamed = (own.low != null || inherited.low != null)
                    ? ((own.low != null) ? "instances[" + name + "].watermarks.low" : "defaults.watermarks.low")
                    : "instances[" + name + "].watermarks.high";
            PropertyChecks.acceptedBy(errors, blamed, low, (ignored) -> core.watermarks(high, low));
        }
        Pressure ownPressure = instance.pressure;
        Pressure inheritedPressure = defaults.pressure;
        if ((ownPressure.highFraction == null) != (ownPressure.criticalFraction == null)
                && (inheritedPressure.highFraction != null || inheritedPressure.criticalFraction != null)) {
            double high = first(ownPressure.highFraction, inheritedPressure.highFraction,
                    RingBuffer.Builder.DEFAULT_HIGH_PRESSURE_FRACTION);
            double critical = first(ownPressure.criticalFraction, inheritedPressure.criticalFraction,
                    RingBuffer.Builder.DEFAULT_CRITICAL_PRESSURE_FRACTION);
            String blamed = (ownPressure.criticalFraction != null || inheritedPressure.criticalFraction != null)
                    ? ((ownPressure.criticalFraction != null) ? "instances[" + name + "].pressure.criticalFraction"
                            : "defaults.pressure.criticalFraction")
                    : "instances[" + name + "].pressure.highFraction";
            PropertyChecks.acceptedBy(errors, blamed, critical, (ignored) -> core.pressureFractions(high, critical));
        }
    }

    private static double first(@Nullable Double own, @Nullable Double inherited, double builtIn) {
        return (own != null) ? own : (inherited != null) ? inherited : builtIn;
    }

    private static <V> void acceptIfSet(Errors errors, String field, @Nullable V value, Consumer<V> setter) {
        if (value != null) {
            PropertyChecks.acceptedBy(errors, field, value, setter);
        }
    }

    /**
     * The settings of one ring buffer; a setting left {@code null} is inherited.
     */
    public static class Settings {

        /**
         * Items the buffer holds before its overflow policy applies, from 1 to 2^30. Default 1024.
         */
        private @Nullable Integer capacity;

        /**
         * Capacity a RESIZE buffer may grow to, doubling; not below the capacity. Default eight times the
         * capacity.
         */
        private @Nullable Integer maxCapacity;

        /**
         * What an offer does when the buffer is full: DROP_OLDEST (the default), DROP_NEWEST, BLOCK,
         * BLOCK_WITH_TIMEOUT or RESIZE.
         */
        private @Nullable OverflowPolicy policy;

        /**
         * Policy RESIZE applies once the buffer cannot grow (at its maximum capacity, or under memory
         * pressure): any policy but RESIZE. Default DROP_OLDEST.
         */
        private @Nullable OverflowPolicy fallbackPolicy;

        /**
         * How long a BLOCK_WITH_TIMEOUT offer waits for room before the item is dropped. Default 1s.
         */
        private @Nullable Duration timeout;

        /**
         * How many threads offer items at the same time: MULTI (the default) or SINGLE. SINGLE takes effect
         * together with consumers SINGLE: the buffer then offers and polls without a CAS. Two threads offering
         * at once to a SINGLE buffer can lose items.
         */
        private @Nullable ThreadCount producers;

        /**
         * How many threads poll items at the same time: MULTI (the default) or SINGLE. SINGLE saves the CAS of
         * every poll (under DROP_OLDEST a poll still takes a lock, as producers drop items too). Two threads
         * polling at once from a SINGLE buffer can receive the same item.
         */
        private @Nullable ThreadCount consumers;

        private final Watermarks watermarks = new Watermarks();

        private final Pressure pressure = new Pressure();

        public @Nullable Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(@Nullable Integer capacity) {
            this.capacity = capacity;
        }

        public @Nullable Integer getMaxCapacity() {
            return maxCapacity;
        }

        public void setMaxCapacity(@Nullable Integer maxCapacity) {
            this.maxCapacity = maxCapacity;
        }

        public @Nullable OverflowPolicy getPolicy() {
            return policy;
        }

        public void setPolicy(@Nullable OverflowPolicy policy) {
            this.policy = policy;
        }

        public @Nullable OverflowPolicy getFallbackPolicy() {
            return fallbackPolicy;
        }

        public void setFallbackPolicy(@Nullable OverflowPolicy fallbackPolicy) {
            this.fallbackPolicy = fallbackPolicy;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable ThreadCount getProducers() {
            return producers;
        }

        public void setProducers(@Nullable ThreadCount producers) {
            this.producers = producers;
        }

        public @Nullable ThreadCount getConsumers() {
            return consumers;
        }

        public void setConsumers(@Nullable ThreadCount consumers) {
            this.consumers = consumers;
        }

        public Watermarks getWatermarks() {
            return watermarks;
        }

        public Pressure getPressure() {
            return pressure;
        }

        /** Whether no setting is given, so that there is nothing to check. */
        boolean isEmpty() {
            return capacity == null && maxCapacity == null && policy == null && fallbackPolicy == null && timeout == null
                    && producers == null && consumers == null && watermarks.getHigh() == null
                    && watermarks.getLow() == null && pressure.getHighFraction() == null
                    && pressure.getCriticalFraction() == null;
        }
    }

    /**
     * How many threads use one side of a ring buffer at the same time; SINGLE lets the buffer use an algorithm
     * without a CAS on that side.
     */
    public enum ThreadCount {

        /** One thread at a time (the same one, or threads that hand over, such as tasks of one executor). */
        SINGLE,

        /** Any number of threads at once. */
        MULTI
    }

    /**
     * Backpressure watermarks, as fractions of the effective capacity.
     */
    public static class Watermarks {

        /**
         * Fraction of the capacity at which the buffer turns pressured and watermark listeners are told,
         * in (0, 1]. Default 0.8.
         */
        private @Nullable Double high;

        /**
         * Fraction of the capacity at which the buffer stops being pressured, in [0, high). Default 0.5.
         */
        private @Nullable Double low;

        public @Nullable Double getHigh() {
            return high;
        }

        public void setHigh(@Nullable Double high) {
            this.high = high;
        }

        public @Nullable Double getLow() {
            return low;
        }

        public void setLow(@Nullable Double low) {
            this.low = low;
        }
    }

    /**
     * How far the capacity shrinks under memory pressure; it is restored below HIGH.
     */
    public static class Pressure {

        /**
         * Fraction of the capacity kept at HIGH memory pressure, in (0, 1]. Default 0.5.
         */
        private @Nullable Double highFraction;

        /**
         * Fraction of the capacity kept at CRITICAL memory pressure, in (0, high-fraction]. Default 0.25.
         */
        private @Nullable Double criticalFraction;

        public @Nullable Double getHighFraction() {
            return highFraction;
        }

        public void setHighFraction(@Nullable Double highFraction) {
            this.highFraction = highFraction;
        }

        public @Nullable Double getCriticalFraction() {
            return criticalFraction;
        }

        public void setCriticalFraction(@Nullable Double criticalFraction) {
            this.criticalFraction = criticalFraction;
        }
    }
}
