package io.memguard.autoconfigure.protect;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.memguard.admission.AdmissionController;
import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.protect.AdaptiveConcurrencyLimiter;
import io.memguard.spring.metrics.ConcurrencyLimitMetrics;

/**
 * Auto-configuration of the adaptive concurrency limiter: an {@link AdaptiveConcurrencyLimiter} named
 * {@code default}, resized by the admission controller's limit where admission is on (one feedback loop for requests
 * and executors), by the pressure level otherwise, with its metrics. Applications apply it by wrapping an
 * executor: {@code limiter.wrap(executor)}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class,
        afterName = "io.memguard.autoconfigure.admission.AdmissionAutoConfiguration")
@ConditionalOnMemguardEnabled
@ConditionalOnClass(AdaptiveConcurrencyLimiter.class)
@ConditionalOnBooleanProperty(name = "memguard.concurrency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConcurrencyLimitProperties.class)
@Import(PropertyChecks.Origins.class)
public final class AdaptiveConcurrencyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AdaptiveConcurrencyLimiter adaptiveConcurrencyLimiter(ConcurrencyLimitProperties properties) {
        return AdaptiveConcurrencyLimiter.builder("default")
                .minLimit(properties.getMinConcurrency())
                .maxLimit(properties.getMaxConcurrency())
                .shrinkFrom(properties.getShrinkFrom())
                .build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "adaptiveConcurrencyAdmissionRegistration")
    @ConditionalOnBean(AdmissionController.class)
    AdmissionLimitRegistration adaptiveConcurrencyAdmissionRegistration(AdmissionController controller,
            AdaptiveConcurrencyLimiter limiter) {
        return new AdmissionLimitRegistration(controller, limiter);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class ConcurrencyLimitMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConcurrencyLimitMetrics concurrencyLimitMetrics(AdaptiveConcurrencyLimiter limiter) {
            return new ConcurrencyLimitMetrics(limiter);
        }
    }
}
