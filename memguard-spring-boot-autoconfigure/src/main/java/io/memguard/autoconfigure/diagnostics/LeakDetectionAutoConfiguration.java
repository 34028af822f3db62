package io.memguard.autoconfigure.diagnostics;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.diagnostics.HeapTrendDetector;
import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.spring.actuate.LeakTrendEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.metrics.HeapTrendMetrics;

/**
 * Auto-configuration of leak detection: a {@link HeapTrendDetector} raising its alerts on the
 * {@link MemoryAlerts} hub, its metrics and its {@code leak-trend} endpoint section.
 *
 * <p>The detector learns nothing by itself: it is fed one sample per collection (the live heap right after it) by
 * {@link HeapTrendFeed}, from the snapshots the {@link DefaultMemoryPressureMonitor} takes after every collection.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, MemoryAlertsAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(HeapTrendDetector.class)
@ConditionalOnBooleanProperty(name = "memguard.leak-detection.enabled", matchIfMissing = true)
@ConditionalOnBean(MemoryAlerts.class)
@EnableConfigurationProperties(LeakDetectionProperties.class)
@Import(PropertyChecks.Origins.class)
public final class LeakDetectionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HeapTrendDetector heapTrendDetector(MemoryAlerts alerts, LeakDetectionProperties properties) {
        return HeapTrendDetector.builder(alerts::raise)
                .window(properties.getWindow())
                .growthThreshold(properties.getGrowthThreshold())
                .minimumFit(properties.getMinimumFit())
                .minimumSamples(properties.getMinimumSamples())
                .criticalRatio(properties.getCriticalRatio())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DefaultMemoryPressureMonitor.class)
    HeapTrendFeed heapTrendFeed(DefaultMemoryPressureMonitor monitor, HeapTrendDetector detector) {
        return new HeapTrendFeed(monitor, detector);
    }

    /** The {@code leak-trend} section of the {@code memory} endpoint, only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class LeakTrendEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        LeakTrendEndpointSection leakTrendEndpointSection(HeapTrendDetector detector,
                LeakDetectionProperties properties) {
            return new LeakTrendEndpointSection(detector, properties.getWindow().toSeconds());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class HeapTrendMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        HeapTrendMetrics heapTrendMetrics(HeapTrendDetector detector) {
            return new HeapTrendMetrics(detector);
        }
    }
}
