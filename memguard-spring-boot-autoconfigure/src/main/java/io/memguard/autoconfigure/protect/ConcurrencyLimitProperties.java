package io.memguard.autoconfigure.protect;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
     * Whether to provide the adaptive concurrency limiter bean.
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
            throw new IllegalArgumentException("memguard.concurrency.min-concurrency must be at least 1, was "
                    + minConcurrency);
        }
        if (maxConcurrency < minConcurrency) {
            throw new IllegalArgumentException("memguard.concurrency.max-concurrency (" + maxConcurrency
                    + ") must not be below memguard.concurrency.min-concurrency (" + minConcurrency
                    + "); raise the maximum or lower the minimum");
        }
        if (shrinkFrom == MemoryPressureLevel.NONE) {
            throw new IllegalArgumentException("memguard.concurrency.shrink-from must be LOW, MODERATE, HIGH or"
                    + " CRITICAL, was NONE");
        }
    }
}
