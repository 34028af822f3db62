package io.memguard.autoconfigure.protect;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.event.MemoryReadinessPublisher;

/**
 * Auto-configuration of memory-aware readiness: a {@link MemoryReadinessPublisher} registered with the
 * pressure monitor.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(ReadinessState.class)
@ConditionalOnBooleanProperty(name = "memguard.readiness.enabled", matchIfMissing = true)
@ConditionalOnBean(MemoryPressureMonitor.class)
@EnableConfigurationProperties(MemoryReadinessProperties.class)
@Import(PropertyChecks.Origins.class)
public final class MemoryReadinessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MemoryReadinessPublisher memoryReadinessPublisher(ApplicationEventPublisher publisher,
            ObjectProvider<ApplicationAvailability> availability, MemoryReadinessProperties properties) {
        return new MemoryReadinessPublisher(publisher, availability.getIfAvailable(), properties.getRefuseLevel());
    }

}
