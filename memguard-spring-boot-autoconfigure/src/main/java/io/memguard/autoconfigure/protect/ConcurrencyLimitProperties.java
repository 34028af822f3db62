package io.memguard.autoconfigure.protect;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of the adaptive concurrency limiter: a limit on concurrent work that narrows as memory
 * pressure rises. Wrap an executor with it ({@code limiter.wrap(executor)}) to apply it.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.concurrency")
public class ConcurrencyLimitProperties implements Validator {

    /**
     * Whether to provide the adaptive concurrency limiter bean (an AdaptiveConcurrencyLimiter named default).
     */
    private boolean enabled = true;

    /**
     * Concurrent work allowed at CRITICAL pressure; at least 1.
     */
    private int minConcurrency = 4;

    /**
     * Concurrent work allowed without pressure; at least the minimum.
     */
    private int maxConcurrency = 64;

    /**
     * First pressure level at which the limit shrinks below the maximum; it reaches the minimum at CRITICAL.
     */
    private MemoryPressureLevel shrinkFrom = MemoryPressureLevel.MODERATE;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getMinConcurrency() {
        return minConcurrency;
    }

    public void setMinConcurrency(int minConcurrency) {
        this.minConcurrency = minConcurrency;
    }

    public int getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public MemoryPressureLevel getShrinkFrom() {
        return shrinkFrom;
    }

    public void setShrinkFrom(MemoryPressureLevel shrinkFrom) {
        this.shrinkFrom = shrinkFrom;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == ConcurrencyLimitProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.atLeast(errors, "minConcurrency", minConcurrency, 1);
        if (minConcurrency >= 1 && maxConcurrency < minConcurrency) {
            PropertyChecks.reject(errors, "maxConcurrency", "must not be below " + PropertyChecks.property(errors,
                    "minConcurrency") + " (" + minConcurrency + "): raise it, or lower the minimum");
        }
        PropertyChecks.aboveNone(errors, "shrinkFrom", shrinkFrom, "");
    }
}
