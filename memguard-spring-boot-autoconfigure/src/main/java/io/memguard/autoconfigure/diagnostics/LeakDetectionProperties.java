package io.memguard.autoconfigure.diagnostics;

import java.time.Duration;

import io.memguard.autoconfigure.PropertyChecks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of leak detection: the heap occupancy after each collection, fitted over a window with a
 * least-squares line; steady growth raises a LEAK_SUSPECTED alert.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.leak-detection")
public class LeakDetectionProperties implements Validator {

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
    public boolean supports(Class<?> type) {
        return type == LeakDetectionProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.positive(errors, "window", window, "10m");
        PropertyChecks.positive(errors, "growthThreshold", growthThreshold,
                "0.05 (a fraction of the max heap per hour)");
        if (!(minimumFit >= 0 && minimumFit <= 1)) {
            PropertyChecks.reject(errors, "minimumFit", "must be an R-squared from 0 to 1, such as 0.8");
        }
        PropertyChecks.atLeast(errors, "minimumSamples", minimumSamples, 3);
        PropertyChecks.ratio(errors, "criticalRatio", criticalRatio, "0.95");
    }
}
