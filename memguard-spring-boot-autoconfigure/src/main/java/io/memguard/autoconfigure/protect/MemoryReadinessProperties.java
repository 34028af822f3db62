package io.memguard.autoconfigure.protect;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of memory-aware readiness: at the refuse level memguard reports the application as
 * refusing traffic, so that the load balancer (a Kubernetes readiness probe) routes elsewhere, and as
 * accepting it again after recovery. Liveness is never changed.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.readiness")
public class MemoryReadinessProperties implements Validator {

    /**
     * Whether memory pressure changes the application's readiness state (never its liveness).
     */
    private boolean enabled = true;

    /**
     * Pressure level at which the application reports REFUSING_TRAFFIC; below it, ACCEPTING_TRAFFIC again.
     */
    private MemoryPressureLevel refuseLevel = MemoryPressureLevel.CRITICAL;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public MemoryPressureLevel getRefuseLevel() {
        return refuseLevel;
    }

    public void setRefuseLevel(MemoryPressureLevel refuseLevel) {
        this.refuseLevel = refuseLevel;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == MemoryReadinessProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.aboveNone(errors, "refuseLevel", refuseLevel, ": at NONE the application would never be"
                + " ready; to leave readiness alone, set " + PropertyChecks.property(errors, "enabled") + "=false");
    }
}
