package io.memguard.autoconfigure.buffer;

import io.micrometer.core.instrument.binder.MeterBinder;

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

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPool.BufferLeak;
import io.memguard.spring.actuate.BufferPoolObservations;
import io.memguard.spring.actuate.BuffersEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.event.BufferLeakEvent;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.metrics.BufferPoolMetrics;

/**
 * Auto-configuration of memguard's {@link BufferPool}: the pool from {@code memguard.buffer-pool.*} (a
 * {@code PressureAware} bean, so it follows memory pressure and low-memory mode, which empties it and pauses
 * retention), its leak events, its bucket reuse as evidence for recommendations, its {@code buffers} endpoint section
 * and its meters.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LowMemoryModeAutoConfiguration.class })
@ConditionalOnClass(BufferPool.class)
@ConditionalOnMemguardEnabled
@ConditionalOnBooleanProperty(name = "memguard.buffer-pool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BufferPoolProperties.class)
@Import(PropertyChecks.Origins.class)
public final class BufferPoolAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BufferPool memguardBufferPool(BufferPoolProperties properties) {
        // Made on first use: an application that never acquires a buffer pays neither its buckets nor their classes
        // at start-up; the properties checked every value when they were bound.
        BufferPoolProperties.Adaptive adaptive = properties.getAdaptive();
        return BufferPool.builder()
                .buckets(BufferPoolProperties.bucketSizes(properties.getBuckets()))
                .direct(properties.isDirect())
                .maxPerBucket(properties.getMaxPerBucket())
                .maxRetainedBytes(properties.getMaxRetained().toBytes())
                .threadCacheSize(properties.getThreadCacheSize())
                .highPressureTrim(properties.getPressure().getHighTrim())
                .adaptiveFactors(adaptive.getLow(), adaptive.getModerate(), adaptive.getHigh(), adaptive.getCritical())
                .leakDetection(properties.getLeakDetection().getLevel())
                .samplingInterval(properties.getLeakDetection().getSamplingInterval())
                .buildOnFirstUse();
    }

    @Bean
    @ConditionalOnMissingBean(name = "memguardBufferLeakEventPublisher")
    EventBridge<BufferLeak> memguardBufferLeakEventPublisher(BufferPool pool, ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, pool::addLeakListener, pool::removeLeakListener,
                (leak) -> new BufferLeakEvent(pool, leak));
    }

    /** The pool's section of the {@code memory} endpoint and its evidence, only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class BufferPoolEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        BufferPoolObservations memguardBufferPoolObservations(BufferPool pool) {
            return new BufferPoolObservations(pool);
        }

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        BuffersEndpointSection memguardBuffersEndpointSection(BufferPool pool) {
            return new BuffersEndpointSection(pool);
        }
    }

    /** The meters, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static final class BufferPoolMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        BufferPoolMetrics memguardBufferPoolMetrics(BufferPool pool) {
            return new BufferPoolMetrics(pool);
        }
    }
}
