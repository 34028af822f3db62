package io.memguard.autoconfigure.protect;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.spring.web.ExcludedPaths;

/**
 * Configuration of load shedding: under memory pressure the web filter answers new requests with 503 Service
 * Unavailable and a {@code Retry-After} header instead of taking on work the service has no memory for.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard.shedding")
public class LoadSheddingProperties extends RequestGuardProperties implements Validator {

    /**
     * Whether to refuse requests under memory pressure (a servlet filter under Spring MVC, a WebFilter under
     * WebFlux).
     */
    private boolean enabled = true;

    /**
     * Pressure level from which every new request (outside the excluded paths) is refused.
     */
    private MemoryPressureLevel level = MemoryPressureLevel.CRITICAL;

    /**
     * Pressure level from which requests announcing a body larger than the large-request threshold run only while
     * four times the body fits, beside the large requests already running, below the CRITICAL threshold of the heap
     * after GC and the container: the others are refused.
     */
    private MemoryPressureLevel largeRequestLevel = MemoryPressureLevel.HIGH;

    /**
     * Largest request body (by its Content-Length) accepted from the large-request level on.
     */
    private DataSize largeRequestThreshold = DataSize.ofMegabytes(1);

    /**
     * Delay sent in the Retry-After header of a refused request, rounded up to whole seconds. Positive.
     */
    private Duration retryAfter = Duration.ofSeconds(5);

    /**
     * Whether static resources (the static path pattern, or the common locations /css, /js, /images and favicons
     * when static resources are served from the root, and webjars) are never refused.
     */
    private boolean excludeStaticResources = true;

    /**
     * Shortest time between two MemoryThrottlingEvents while requests are being refused; each event counts the
     * refusals since the previous one. Positive.
     */
    private Duration eventInterval = Duration.ofSeconds(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public MemoryPressureLevel getLevel() {
        return level;
    }

    public void setLevel(MemoryPressureLevel level) {
        this.level = level;
    }

    public MemoryPressureLevel getLargeRequestLevel() {
        return largeRequestLevel;
    }

    public void setLargeRequestLevel(MemoryPressureLevel largeRequestLevel) {
        this.largeRequestLevel = largeRequestLevel;
    }

    public DataSize getLargeRequestThreshold() {
        return largeRequestThreshold;
    }

    public void setLargeRequestThreshold(DataSize largeRequestThreshold) {
        this.largeRequestThreshold = largeRequestThreshold;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public boolean isExcludeStaticResources() {
        return excludeStaticResources;
    }

    public void setExcludeStaticResources(boolean excludeStaticResources) {
        this.excludeStaticResources = excludeStaticResources;
    }

    public Duration getEventInterval() {
        return eventInterval;
    }

    public void setEventInterval(Duration eventInterval) {
        this.eventInterval = eventInterval;
    }

    @Override
    public boolean supports(Class<?> type) {
        return type == LoadSheddingProperties.class;
    }

    /**
     * Checks the values while Spring Boot binds them, so that a bad one fails start-up with Boot's report of the
     * property, its value, where it was set and how to fix it.
     */
    @Override
    public void validate(Object target, Errors errors) {
        PropertyChecks.aboveNone(errors, "level", level, ": at NONE every request would be refused; to turn shedding"
                + " off, set " + PropertyChecks.property(errors, "enabled") + "=false");
        PropertyChecks.aboveNone(errors, "largeRequestLevel", largeRequestLevel,
                ": at NONE large requests would always run one at a time");
        if (largeRequestThreshold == null || largeRequestThreshold.isNegative()) {
            PropertyChecks.reject(errors, "largeRequestThreshold", "must be zero or a positive size, such as 1MB");
        }
        PropertyChecks.positive(errors, "retryAfter", retryAfter, "5s");
        PropertyChecks.positive(errors, "eventInterval", eventInterval, "1s");
        ExcludedPaths.rejectInvalid(errors, "excludedPaths", getExcludedPaths());
    }
}
