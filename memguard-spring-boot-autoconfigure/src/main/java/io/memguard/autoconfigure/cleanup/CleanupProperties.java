package io.memguard.autoconfigure.cleanup;

import java.time.Duration;

import io.memguard.pressure.MemoryPressureLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The cleanup scheduler and the shrinking of Caffeine caches under memory pressure.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.cleanup")
public class CleanupProperties {

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
