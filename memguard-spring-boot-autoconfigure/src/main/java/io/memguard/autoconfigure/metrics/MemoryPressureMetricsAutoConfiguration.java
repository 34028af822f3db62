package io.memguard.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.metrics.MemoryPressureMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the memory pressure meters, on when Micrometer is present and a meter registry exists.
 * Spring Boot binds the {@link MemoryPressureMetrics} bean to every meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnMemguardEnabled
@ConditionalOnBean({ MemoryPressureMonitor.class, MeterRegistry.class })
public final class MemoryPressureMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MemoryPressureMetrics memoryPressureMetrics(MemoryPressureMonitor monitor) {
        return new MemoryPressureMetrics(monitor);
    }
}
