package io.memguard.autoconfigure.quota;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.actuate.endpoint.MemoryEndpointProperties;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.quota.EvictionPolicy;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaController.RateLimit;
import io.memguard.quota.QuotaListener;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.QuotaEndpointSection;
import io.memguard.spring.event.QuotaEventPublisher;
import io.memguard.spring.metrics.QuotaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of per-stream memory quotas: a {@link QuotaController} built from {@code memguard.quota.*},
 * registered with the {@link MemoryPressureMonitor} when there is one, evicting to its soft threshold while
 * low-memory mode is on, its notifications published as Spring
 * events, its meters and its {@code quotas} section of the memory endpoint. The controller is
 * {@linkplain QuotaController.Builder#buildOnFirstUse() made on its first use}: its properties are checked at
 * start-up, its working parts and thread wait for the first stream (or the first read of the endpoint section).
 *
 * <p>A bean of type {@link EvictionPolicy} replaces {@code memguard.quota.eviction.policy}; beans of type
 * {@link QuotaListener} are told of evictions, back-pressure and suspected leaks.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LowMemoryModeAutoConfiguration.class })
@ConditionalOnClass(QuotaController.class)
@ConditionalOnMemguardEnabled
@ConditionalOnBooleanProperty(name = "memguard.quota.enabled", matchIfMissing = true)
@EnableConfigurationProperties(QuotaProperties.class)
@Import(PropertyChecks.Origins.class)
public final class QuotaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QuotaEventPublisher quotaEventPublisher(ApplicationEventPublisher publisher) {
        return new QuotaEventPublisher(publisher);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    QuotaController quotaController(QuotaProperties properties, ObjectProvider<EvictionPolicy> evictionPolicy,
            ObjectProvider<QuotaListener> listeners) {
        QuotaController.Builder builder = QuotaController.builder();
        if (properties.getGlobalLimit() != null) {
            builder.globalLimit(properties.getGlobalLimit().toBytes());
        }
        else {
            builder.globalLimitRatio(properties.getGlobalLimitRatio());
        }
        QuotaProperties.Thresholds thresholds = properties.getThresholds();
        QuotaProperties.Eviction eviction = properties.getEviction();
        EvictionPolicy customPolicy = evictionPolicy.getIfUnique();
        builder.thresholds(thresholds.getSoft(), thresholds.getHard(), thresholds.getCritical())
                .defaultStreamLimit(properties.getDefaultStreamLimit().toBytes())
                .components(properties.getComponents())
                .overLimitAction(properties.getOverLimit())
                .evictionHeadroom(eviction.getHeadroom())
                .minimumRetention(eviction.getMinimumRetention())
                .minimumRetentionAtCritical(eviction.isMinimumRetentionAtCritical())
                .evictionPolicy((customPolicy != null) ? customPolicy : policyOf(eviction))
                .streamRateLimit(rateLimit(properties.getRateLimit().getStream()))
                .globalRateLimit(rateLimit(properties.getRateLimit().getGlobal()))
                .leakDetection(properties.getLeak().getThreshold().toBytes(), properties.getLeak().getWindow())
                .maintenanceInterval(properties.getMaintenanceInterval());
        properties.getStreamLimits().forEach((stream, limit) -> builder.streamLimit(stream, limit.toBytes()));
        listeners.orderedStream().forEach(builder::listener);
        // Made on first use: an application that never opens a stream pays neither its classes nor its thread at
        // start-up; the properties checked every value when they were bound.
        return builder.buildOnFirstUse();
    }

    private static EvictionPolicy policyOf(QuotaProperties.Eviction eviction) {
        return switch (eviction.getPolicy()) {
            case LRU -> EvictionPolicy.lru();
            case PRIORITY -> EvictionPolicy.priority(eviction.getProtectedPriority());
        };
    }

    private static @Nullable RateLimit rateLimit(QuotaProperties.Bucket bucket) {
        DataSize rate = bucket.getBytesPerSecond();
        if (rate == null) {
            return null;
        }
        DataSize burst = bucket.getBurst();
        return new RateLimit(rate.toBytes(), (burst != null) ? burst.toBytes() : rate.toBytes());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class QuotaMetricsConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        QuotaMetrics quotaMetrics(QuotaController controller, QuotaProperties properties) {
            return new QuotaMetrics(controller, properties.getMetrics().getTopStreams(),
                    properties.getMaintenanceInterval());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @EnableConfigurationProperties(MemoryEndpointProperties.class)
    static class QuotaEndpointConfiguration {

        // Declared only where the endpoint is available: nothing else reads it. The properties stay checked.
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
        @Lazy
        QuotaEndpointSection quotaEndpointSection(QuotaController controller, MemoryEndpointProperties properties) {
            return new QuotaEndpointSection(controller, properties.getQuotas().getTopStreams());
        }
    }
}
