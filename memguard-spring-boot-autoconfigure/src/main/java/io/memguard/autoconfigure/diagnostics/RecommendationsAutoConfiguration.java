package io.memguard.autoconfigure.diagnostics;

import org.springframework.beans.factory.ObjectProvider;
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
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.AdaptiveConcurrencyAutoConfiguration;
import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.PressureHistoryRecorder;
import io.memguard.diagnostics.RecommendationEngine;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.AdaptiveConcurrencyLimiter;
import io.memguard.spring.actuate.ConfiguredObservations;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.actuate.RecommendationsEndpointSection;

/**
 * Auto-configuration of recommendations: the {@link RecommendationEngine}, the observations of the JVM, of the
 * pressure monitor's last snapshot (the container limit) and of the configuration, the pressure history, and
 * the {@code recommendations} endpoint section. Any
 * {@link MemoryObservationContributor} bean (a buffer pool's bucket reuse, for example) adds its evidence;
 * the built-in contributors run first, so that a later one can refine what they observed.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, AdaptiveConcurrencyAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(RecommendationEngine.class)
@ConditionalOnBooleanProperty(name = "memguard.recommendations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RecommendationsProperties.class)
@Import(PropertyChecks.Origins.class)
public final class RecommendationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PressureHistoryRecorder pressureHistoryRecorder() {
        return new PressureHistoryRecorder();
    }

    /**
     * The {@code recommendations} section of the {@code memory} endpoint, with the engine and the observations that
     * only it reads: declared only where that endpoint is available.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class RecommendationsEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        RecommendationEngine recommendationEngine(RecommendationsProperties properties) {
            return RecommendationEngine.builder()
                    .maxHeapToContainerRatio(properties.getMaxHeapToContainerRatio())
                    .gcOverheadThreshold(properties.getGcOverheadThreshold())
                    .minBucketReuseRatio(properties.getMinBucketReuseRatio())
                    .minBucketAcquisitions(properties.getMinBucketAcquisitions())
                    .build();
        }

        @Bean
        @ConditionalOnMissingBean(name = "jvmMemoryObservations")
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @Lazy
        MemoryObservationContributor jvmMemoryObservations() {
            return MemoryObservationContributor.jvmMemory();
        }

        @Bean
        @ConditionalOnMissingBean(name = "jvmFootprintObservations")
        @Order(Ordered.HIGHEST_PRECEDENCE)
        @Lazy
        MemoryObservationContributor jvmFootprintObservations() {
            return MemoryObservationContributor.jvmFootprint();
        }

        @Bean
        @ConditionalOnMissingBean(name = "pressureSnapshotObservations")
        @ConditionalOnBean(MemoryPressureMonitor.class)
        @Order(Ordered.HIGHEST_PRECEDENCE + 1)
        @Lazy
        MemoryObservationContributor pressureSnapshotObservations(MemoryPressureMonitor monitor) {
            return MemoryObservationContributor.pressureSnapshot(monitor);
        }

        @Bean
        @ConditionalOnMissingBean
        @Order(Ordered.HIGHEST_PRECEDENCE + 2)
        @Lazy
        ConfiguredObservations configuredObservations(Environment environment, RecommendationsProperties properties,
                ObjectProvider<AdaptiveConcurrencyLimiter> limiter, ObjectProvider<PressureHistoryRecorder> history) {
            return new ConfiguredObservations(environment, properties.getPerWorkerMemory(), limiter.getIfUnique(),
                    history.getIfUnique());
        }

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        RecommendationsEndpointSection recommendationsEndpointSection(RecommendationEngine engine,
                ObjectProvider<MemoryObservationContributor> contributors) {
            return new RecommendationsEndpointSection(engine, contributors.orderedStream().toList());
        }
    }
}
