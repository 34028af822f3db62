package io.memguard.autoconfigure.protect;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of low-memory mode, the application-wide mode in which memguard's pools, ring buffers,
 * caches and quotas give memory back.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.low-memory")
public class LowMemoryModeProperties implements InitializingBean {

    /**
     * Whether low-memory mode turns on by itself when memory pressure reaches the enter level. When false
     * the mode can still be forced on by hand.
     */
    private boolean enabled = true;

    /**
     * Pressure level at which low-memory mode turns on: LOW, MODERATE, HIGH or CRITICAL.
     */
    private MemoryPressureLevel enterLevel = MemoryPressureLevel.HIGH;

    /**
     * Pressure level at or below which low-memory mode turns off again; must be below the enter level.
     */
    private MemoryPressureLevel exitLevel = MemoryPressureLevel.MODERATE;

    /**
     * Least time low-memory mode stays on once it turned on by itself, so that it does not flap.
     */
    private Duration minimumDuration = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public MemoryPressureLevel getEnterLevel() {
        return enterLevel;
    }

    public void setEnterLevel(MemoryPressureLevel enterLevel) {
        this.enterLevel = enterLevel;
    }

    public MemoryPressureLevel getExitLevel() {
        return exitLevel;
    }

    public void setExitLevel(MemoryPressureLevel exitLevel) {
        this.exitLevel = exitLevel;
    }

    public Duration getMinimumDuration() {
        return minimumDuration;
    }

    public void setMinimumDuration(Duration minimumDuration) {
        this.minimumDuration = minimumDuration;
    }

    @Override
    public void afterPropertiesSet() {
        if (enterLevel == MemoryPressureLevel.NONE) {
            throw new IllegalArgumentException("memguard.low-memory.enter-level must be LOW, MODERATE, HIGH or"
                    + " CRITICAL, was NONE (the mode would always be on); to keep the mode off, set"
                    + " memguard.low-memory.enabled=false");
        }
        if (exitLevel.isAtLeast(enterLevel)) {
            throw new IllegalArgumentException("memguard.low-memory.exit-level (" + exitLevel
                    + ") must be below memguard.low-memory.enter-level (" + enterLevel + "); lower the exit level");
        }
        if (minimumDuration.isNegative()) {
            throw new IllegalArgumentException("memguard.low-memory.minimum-duration must not be negative, was "
                    + minimumDuration + "; use 0s for no minimum");
        }
    }
}
