package io.memguard.autoconfigure.actuate.endpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the {@code memory} actuator endpoint, under {@code management.endpoint.memory}, beside Spring Boot's
 * own settings of it ({@code access}, {@code cache.time-to-live}). Each group is named after the section of
 * {@code /actuator/memory} it shapes.
 *
 * @since 0.2.0
 */
@ConfigurationProperties("management.endpoint.memory")
public class MemoryEndpointProperties {

    private final Quotas quotas = new Quotas();

    public Quotas getQuotas() {
        return quotas;
    }

    /**
     * The {@code quotas} section.
     *
     * @since 0.2.0
     */
    public static class Quotas {

        /**
         * How many streams, the largest first, the quotas section lists. Zero or more.
         */
        private int topStreams = 20;

        public int getTopStreams() {
            return topStreams;
        }

        public void setTopStreams(int topStreams) {
            Assert.isTrue(topStreams >= 0, "'topStreams' must not be negative: use 0 or more");
            this.topStreams = topStreams;
        }
    }
}
