package io.memguard.autoconfigure.cleanup;

import java.time.Duration;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.cleanup.CaffeineCacheShrinker;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.pressure.MemoryPressureLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The cleanup scheduler and the shrinking of Caffeine caches under memory pressure.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.cleanup")
public class CleanupProperties implements Validator {

    /**
     * How long a map entry lives after its timestamp, for map expiry tasks registered without their own TTL.
     */
    private Duration defaultTtl = Duration.ofMinutes(10);

    /**
     * How often map expiry tasks look for expired entries.
     */
    private Duration checkInterval = Duration.ofMinutes(1);

    /**
     * Memory pressure level from which a rise of the level runs an extra pass of every cleanup task at once:
     * LOW, MODERATE, HIGH or CRITICAL.
     */
    private MemoryPressureLevel pressureTriggerLevel = MemoryPressureLevel.HIGH;

    private final Caches caches = new Caches();

    public Duration getDefaultTtl() {
        return defaultTtl;
    }

    public void setDefaultTtl(Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    public MemoryPressureLevel getPressureTriggerLevel() {
        return pressureTriggerLevel;
    }

    public void setPressureTriggerLevel(MemoryPressureLevel pressureTriggerLevel) {
        this.pressureTriggerLevel = pressureTriggerLevel;
    }

    public Caches getCaches() {
        return caches;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == CleanupProperties.class || type == Caches.class;
    }

    /**
     * Checks the values while Spring Boot binds them, each group under its own name. memguard-core's builders own
     * the rules: each value goes through the setter that checks it, on a builder that is thrown away.
     */
    @Override
    public void validate(Object target, Errors errors) {
        if (target instanceof Caches group) {
            CaffeineCacheShrinker.Builder core = CaffeineCacheShrinker.builder();
            PropertyChecks.acceptedBy(errors, "highFactor", group.highFactor, core::highFactor);
            PropertyChecks.acceptedBy(errors, "criticalFactor", group.criticalFactor, core::criticalFactor);
            if (!errors.hasErrors() && group.criticalFactor > group.highFactor) {
                PropertyChecks.reject(errors, "criticalFactor", "must not exceed " + PropertyChecks.property(errors,
                        "highFactor") + " (" + group.highFactor + "): a cache never grows as pressure rises");
            }
        }
        else if (target == this) {
            CleanupScheduler.Builder core = CleanupScheduler.builder();
            PropertyChecks.acceptedBy(errors, "defaultTtl", defaultTtl, core::defaultTtl);
            PropertyChecks.acceptedBy(errors, "checkInterval", checkInterval, core::checkInterval);
            PropertyChecks.acceptedBy(errors, "pressureTriggerLevel", pressureTriggerLevel, core::pressureTrigger);
        }
    }

    /**
     * Shrinking of Caffeine caches (registered with memguard, or made by Spring's CaffeineCacheManager) at
     * HIGH and CRITICAL memory pressure; their maximum is restored at NONE.
     */
    public static class Caches {

        /**
         * Whether to shrink Caffeine caches under memory pressure.
         */
        private boolean enabled = true;

        /**
         * Fraction of its maximum size (or weight) a cache keeps at HIGH memory pressure, in (0, 1].
         */
        private double highFactor = 0.5;

        /**
         * Fraction of its maximum size (or weight) a cache keeps at CRITICAL memory pressure, in (0, high-factor].
         */
        private double criticalFactor = 0.25;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public double getHighFactor() {
            return highFactor;
        }

        public void setHighFactor(double highFactor) {
            this.highFactor = highFactor;
        }

        public double getCriticalFactor() {
            return criticalFactor;
        }

        public void setCriticalFactor(double criticalFactor) {
            this.criticalFactor = criticalFactor;
        }
    }
}
