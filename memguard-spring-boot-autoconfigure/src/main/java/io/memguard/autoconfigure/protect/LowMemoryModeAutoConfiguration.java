package io.memguard.autoconfigure.protect;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeChange;
import io.memguard.spring.actuate.LowMemoryModeController;
import io.memguard.spring.actuate.LowMemoryModeEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.event.LowMemoryModeChangedEvent;
import io.memguard.spring.metrics.LowMemoryModeMetrics;

/**
 * Auto-configuration of low-memory mode: the {@link LowMemoryMode} bean driven by the pressure monitor, its
 * {@link LowMemoryModeChangedEvent}s, its {@code low-memory-mode} endpoint section, the controller behind
 * {@code POST /actuator/memory}, and its metrics.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnClass(LowMemoryMode.class)
@EnableConfigurationProperties(LowMemoryModeProperties.class)
@Import(PropertyChecks.Origins.class)
public final class LowMemoryModeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LowMemoryMode lowMemoryMode(LowMemoryModeProperties properties) {
        return LowMemoryMode.builder()
                .enterLevel(properties.getEnterLevel())
                .exitLevel(properties.getExitLevel())
                .minimumDuration(properties.getMinimumDuration())
                .automatic(properties.isEnabled())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "lowMemoryModeEventPublisher")
    EventBridge<LowMemoryModeChange> lowMemoryModeEventPublisher(LowMemoryMode mode,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, mode::addListener, mode::removeListener,
                (change) -> new LowMemoryModeChangedEvent(mode, change));
    }

    /** The mode's section of the {@code memory} endpoint, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class LowMemoryModeEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        LowMemoryModeEndpointSection lowMemoryModeEndpointSection(LowMemoryMode mode,
                LowMemoryModeProperties properties) {
            return new LowMemoryModeEndpointSection(mode, properties.isEnabled());
        }
    }

    /** The endpoint's write operation on the mode, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ WebEndpointResponse.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static class LowMemoryModeControllerConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LowMemoryModeController lowMemoryModeController(LowMemoryMode mode, LowMemoryModeProperties properties) {
            return new LowMemoryModeController(mode, properties.isEnabled());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class LowMemoryModeMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LowMemoryModeMetrics lowMemoryModeMetrics(LowMemoryMode mode) {
            return new LowMemoryModeMetrics(mode);
        }
    }
}
