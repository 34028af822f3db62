package io.memguard.autoconfigure.protect;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of memory-aware readiness: at the refuse level memguard reports the application as
 * refusing traffic, so that the load balancer (a Kubernetes readiness probe) routes elsewhere, and as
 * accepting it again after recovery. Liveness is never changed.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.readiness")
public class MemoryReadinessProperties implements InitializingBean {

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
    public void afterPropertiesSet() {
        if (refuseLevel == MemoryPressureLevel.NONE) {
            throw InvalidMemguardPropertyException.of("memguard.readiness.refuse-level", refuseLevel,
                    "must be LOW, MODERATE, HIGH or CRITICAL",
                    "At NONE the application would never be ready. Set memguard.readiness.refuse-level to LOW, MODERATE, HIGH or CRITICAL; to leave readiness alone,"
                            + " set memguard.readiness.enabled=false.");
        }
    }
}
