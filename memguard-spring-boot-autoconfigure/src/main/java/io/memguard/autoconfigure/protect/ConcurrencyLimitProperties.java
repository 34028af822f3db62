package io.memguard.autoconfigure.protect;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * Configuration of the adaptive concurrency limiter: a limit on concurrent work that narrows as memory
 * pressure rises. Wrap an executor with it ({@code limiter.wrap(executor)}) to apply it.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.concurrency")
public class ConcurrencyLimitProperties implements InitializingBean {

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
    public void afterPropertiesSet() {
        if (minConcurrency < 1) {
            throw InvalidMemguardPropertyException.of("memguard.concurrency.min-concurrency", minConcurrency, "must be at least 1",
                    "Set memguard.concurrency.min-concurrency to 1 or more.");
        }
        if (maxConcurrency < minConcurrency) {
            throw new InvalidMemguardPropertyException("memguard.concurrency.max-concurrency",
                    "memguard.concurrency.max-concurrency (" + maxConcurrency
                            + ") must not be below memguard.concurrency.min-concurrency (" + minConcurrency + ")",
                    "Raise memguard.concurrency.max-concurrency or lower memguard.concurrency.min-concurrency.");
        }
        if (shrinkFrom == MemoryPressureLevel.NONE) {
            throw InvalidMemguardPropertyException.of("memguard.concurrency.shrink-from", shrinkFrom, "must be LOW, MODERATE, HIGH or CRITICAL",
                    "Set memguard.concurrency.shrink-from to LOW, MODERATE, HIGH or CRITICAL.");
        }
    }
}
