package io.memguard.autoconfigure.protect;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of low-memory mode, the application-wide mode in which memguard's pools, ring buffers,
 * caches and quotas give memory back.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.low-memory")
public class LowMemoryModeProperties implements Validator {

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
    public boolean supports(Class<?> type) {
        return type == LowMemoryModeProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.aboveNone(errors, "enterLevel", enterLevel, ": at NONE the mode would always be on; to keep"
                + " it off, set " + PropertyChecks.property(errors, "enabled") + "=false");
        if (enterLevel != null && exitLevel != null && exitLevel.isAtLeast(enterLevel)) {
            PropertyChecks.reject(errors, "exitLevel", "must be below " + PropertyChecks.property(errors,
                    "enterLevel") + " (" + enterLevel + "): lower it, or raise the enter level");
        }
        PropertyChecks.notNegative(errors, "minimumDuration", minimumDuration, "30s, or 0s for no minimum");
    }
}
