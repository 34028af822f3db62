package io.memguard.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the {@code memory} health contributor, under {@code management.health.memory}, where Spring Boot keeps
 * its own contributors' settings and already reads {@code management.health.memory.enabled}.
 *
 * @since 0.2.0
 */
@ConfigurationProperties("management.health.memory")
public class MemoryHealthIndicatorProperties {

    /**
     * Health status reported at HIGH pressure (with a warning detail). UP keeps the instance in rotation.
     */
    private String highStatus = "UP";

    /**
     * Health status reported at CRITICAL pressure. OUT_OF_SERVICE (HTTP 503) takes the instance out of a load
     * balancer's rotation until the pressure falls; UP only reports it.
     */
    private String criticalStatus = "OUT_OF_SERVICE";

    public String getHighStatus() {
        return highStatus;
    }

    public void setHighStatus(String highStatus) {
        Assert.hasText(highStatus, "'highStatus' must not be empty: use a status such as UP or OUT_OF_SERVICE");
        this.highStatus = highStatus;
    }

    public String getCriticalStatus() {
        return criticalStatus;
    }

    public void setCriticalStatus(String criticalStatus) {
        Assert.hasText(criticalStatus,
                "'criticalStatus' must not be empty: use a status such as OUT_OF_SERVICE or UP");
        this.criticalStatus = criticalStatus;
    }
}
