package io.memguard.autoconfigure.ringbuffer;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.RingBuffersEndpointSection;
import io.memguard.spring.metrics.RingBufferMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of memguard's ring buffers: the {@link RingBufferRegistry} (following the memory
 * pressure monitor when there is one, and shrinking its buffers as at HIGH while low-memory mode is on), a bean
 * per buffer configured under
 * {@code memguard.ring-buffers.instances}, their meters and the {@code ring-buffers} section of
 * {@code /actuator/memory}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LowMemoryModeAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(RingBuffer.class)
@EnableConfigurationProperties(RingBufferProperties.class)
@Import({ RingBufferBeanRegistrar.class, PropertyChecks.Origins.class })
public final class RingBufferAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RingBufferRegistry ringBufferRegistry() {
        return new RingBufferRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    ConfiguredRingBuffers configuredRingBuffers(RingBufferProperties properties, RingBufferRegistry registry,
            ObjectProvider<RingBufferCustomizer> customizers) {
        return new ConfiguredRingBuffers(properties, registry, customizers.orderedStream().toList());
    }

    /** The buffers' section of the {@code memory} endpoint, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class RingBufferEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        RingBuffersEndpointSection ringBuffersEndpointSection(RingBufferRegistry registry) {
            return new RingBuffersEndpointSection(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class RingBufferMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RingBufferMeterBinder ringBufferMeterBinder(RingBufferRegistry registry) {
            return new RingBufferMeterBinder(registry);
        }
    }
}
