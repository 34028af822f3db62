package io.memguard.autoconfigure.health;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.actuate.MemoryHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code memory} health contributor, on when {@code spring-boot-health} is present
 * and {@code management.health.memory.enabled} is not {@code false}; its statuses are set under
 * {@code management.health.memory.*} ({@link MemoryHealthIndicatorProperties}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnMemguardEnabled
@ConditionalOnBean(MemoryPressureMonitor.class)
@ConditionalOnEnabledHealthIndicator("memory")
@EnableConfigurationProperties(MemoryHealthIndicatorProperties.class)
public final class MemoryHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "memoryHealthIndicator")
    MemoryHealthIndicator memoryHealthIndicator(MemoryPressureMonitor monitor,
            MemoryHealthIndicatorProperties properties) {
        return new MemoryHealthIndicator(monitor, new Status(properties.getHighStatus()),
                new Status(properties.getCriticalStatus()), JvmFootprint::ofThisJvm);
    }
}
