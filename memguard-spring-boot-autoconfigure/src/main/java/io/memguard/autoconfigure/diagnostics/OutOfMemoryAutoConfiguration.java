package io.memguard.autoconfigure.diagnostics;

import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.diagnostics.OutOfMemoryDetector;

/**
 * Auto-configuration of out-of-memory detection: an {@link OutOfMemoryDetector}, {@link LivenessState#BROKEN} on
 * a detection (unless {@code memguard.out-of-memory.liveness-broken=false}), {@link MemoryExhaustedEvent}s and the
 * {@code memguard.memory.exhausted} counter.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(OutOfMemoryDetector.class)
@ConditionalOnBooleanProperty(name = "memguard.out-of-memory.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutOfMemoryProperties.class)
public final class OutOfMemoryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutOfMemoryDetector outOfMemoryDetector(OutOfMemoryProperties properties) {
        return new OutOfMemoryDetector(Clock.systemUTC(), properties.getCheckInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    MemoryExhaustedEventPublisher memoryExhaustedEventPublisher(OutOfMemoryDetector detector,
            ApplicationEventPublisher publisher) {
        return new MemoryExhaustedEventPublisher(detector, publisher);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "memguard.out-of-memory.liveness-broken", matchIfMissing = true)
    static class OutOfMemoryLivenessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutOfMemoryLivenessPublisher outOfMemoryLivenessPublisher(OutOfMemoryDetector detector,
                ApplicationEventPublisher publisher) {
            return new OutOfMemoryLivenessPublisher(detector, publisher);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class OutOfMemoryMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutOfMemoryMetrics outOfMemoryMetrics(OutOfMemoryDetector detector) {
            return new OutOfMemoryMetrics(detector);
        }
    }
}
