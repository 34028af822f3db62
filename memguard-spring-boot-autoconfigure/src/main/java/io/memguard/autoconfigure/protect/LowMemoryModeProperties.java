package io.memguard.autoconfigure.protect;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
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
     * Least time low-memory mode stays on once it turned on by itself, so that it does not flap; zero or more.
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
            throw InvalidMemguardPropertyException.of("memguard.low-memory.enter-level", enterLevel, "must be LOW, MODERATE, HIGH or CRITICAL",
                    "At NONE the mode would always be on. Set memguard.low-memory.enter-level to LOW, MODERATE, HIGH or CRITICAL; to keep the mode off, set"
                            + " memguard.low-memory.enabled=false.");
        }
        if (exitLevel.isAtLeast(enterLevel)) {
            throw new InvalidMemguardPropertyException("memguard.low-memory.exit-level",
                    "memguard.low-memory.exit-level (" + exitLevel + ") must be below memguard.low-memory.enter-level ("
                            + enterLevel + ")",
                    "Lower memguard.low-memory.exit-level below memguard.low-memory.enter-level, or raise the enter level.");
        }
        if (minimumDuration.isNegative()) {
            throw InvalidMemguardPropertyException.of("memguard.low-memory.minimum-duration", minimumDuration, "must not be negative",
                    "Set memguard.low-memory.minimum-duration to a duration such as 30s, or 0s for no minimum.");
        }
    }
}
