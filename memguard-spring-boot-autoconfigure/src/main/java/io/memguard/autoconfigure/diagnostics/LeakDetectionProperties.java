package io.memguard.autoconfigure.diagnostics;

import java.time.Duration;

import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of leak detection: the heap occupancy after each collection, fitted over a window with a
 * least-squares line; steady growth raises a LEAK_SUSPECTED alert.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.leak-detection")
public class LeakDetectionProperties implements InitializingBean {

    /**
     * Whether to watch the heap after collection for steady growth.
     */
    private boolean enabled = true;

    /**
     * How far back heap samples are kept and fitted.
     */
    private Duration window = Duration.ofMinutes(10);

    /**
     * Least growth, as a fraction of the max heap per hour, that counts as a leak (0.05: the heap would fill in
     * under 20 hours).
     */
    private double growthThreshold = 0.05;

    /**
     * Least r² of the fitted line for growth to count as steady, in [0..1]; keeps flat and saw-tooth heaps quiet.
     */
    private double minimumFit = 0.8;

    /**
     * Fewest samples (collections) in the window before a leak can be suspected; at least 3.
     */
    private int minimumSamples = 10;

    /**
     * Fraction of the max heap that the projected time until critical runs to, in (0..1].
     */
    private double criticalRatio = 0.95;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public double getGrowthThreshold() {
        return growthThreshold;
    }

    public void setGrowthThreshold(double growthThreshold) {
        this.growthThreshold = growthThreshold;
    }

    public double getMinimumFit() {
        return minimumFit;
    }

    public void setMinimumFit(double minimumFit) {
        this.minimumFit = minimumFit;
    }

    public int getMinimumSamples() {
        return minimumSamples;
    }

    public void setMinimumSamples(int minimumSamples) {
        this.minimumSamples = minimumSamples;
    }

    public double getCriticalRatio() {
        return criticalRatio;
    }

    public void setCriticalRatio(double criticalRatio) {
        this.criticalRatio = criticalRatio;
    }

    @Override
    public void afterPropertiesSet() {
        if (window.isNegative() || window.isZero()) {
            throw InvalidMemguardPropertyException.of("memguard.leak-detection.window", window, "must be positive",
                    "Set memguard.leak-detection.window to a positive duration such as 10m.");
        }
        if (!(growthThreshold > 0)) {
            throw InvalidMemguardPropertyException.of("memguard.leak-detection.growth-threshold", growthThreshold, "must be positive",
                    "Set memguard.leak-detection.growth-threshold to a fraction of the max heap per hour, such as 0.05.");
        }
        if (!(minimumFit >= 0 && minimumFit <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.leak-detection.minimum-fit", minimumFit, "must be in [0..1]",
                    "Set memguard.leak-detection.minimum-fit to an R-squared between 0 and 1, such as 0.8.");
        }
        if (minimumSamples < 3) {
            throw InvalidMemguardPropertyException.of("memguard.leak-detection.minimum-samples", minimumSamples, "must be at least 3",
                    "Set memguard.leak-detection.minimum-samples to 3 or more.");
        }
        if (!(criticalRatio > 0 && criticalRatio <= 1)) {
            throw InvalidMemguardPropertyException.of("memguard.leak-detection.critical-ratio", criticalRatio, "must be in (0..1]",
                    "Set memguard.leak-detection.critical-ratio to a ratio above 0 and at most 1, such as 0.95.");
        }
    }
}
