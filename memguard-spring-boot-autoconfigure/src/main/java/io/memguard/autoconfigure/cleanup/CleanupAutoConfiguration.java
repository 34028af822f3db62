package io.memguard.autoconfigure.cleanup;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.cleanup.CacheShrinkReport;
import io.memguard.cleanup.CaffeineCacheShrinker;
import io.memguard.cleanup.CaffeineCacheSource;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.actuate.CleanupEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.metrics.CleanupMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of memguard's cleanup: the {@link CleanupScheduler} (ticked by the application's
 * {@link TaskScheduler} when there is exactly one, running an extra pass when memory pressure rises), the
 * shrinking of Caffeine caches under pressure and while low-memory mode is on (those of Spring's
 * {@link CaffeineCacheManager} included), their
 * meters and the {@code cleanup} section of {@code /actuator/memory}.
 *
 * <p>{@link CleanupProperties} checks every value while Spring Boot binds it, through the core builder setters that
 * own the rules; this class only maps the properties to the builders.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LowMemoryModeAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(CleanupScheduler.class)
@EnableConfigurationProperties(CleanupProperties.class)
@Import(PropertyChecks.Origins.class)
public final class CleanupAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CleanupScheduler cleanupScheduler(CleanupProperties properties, ObjectProvider<TaskScheduler> taskScheduler,
            ObjectProvider<Clock> clock, ObjectProvider<MemoryPressureMonitor> monitor) {
        CleanupScheduler.Builder builder = CleanupScheduler.builder();
        builder.defaultTtl(properties.getDefaultTtl())
                .checkInterval(properties.getCheckInterval())
                .pressureTrigger(properties.getPressureTriggerLevel());
        taskScheduler.ifUnique(scheduler -> builder.timer(new TaskSchedulerCleanupTimer(scheduler)));
        clock.ifUnique(builder::clock);
        CleanupScheduler scheduler = builder.build();
        return scheduler;
    }

    /** The cleanup section of the {@code memory} endpoint, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static final class CleanupEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        CleanupEndpointSection cleanupEndpointSection(CleanupScheduler scheduler,
                ObjectProvider<CacheShrinkReport> caches) {
            return new CleanupEndpointSection(scheduler, caches.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class CleanupMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CleanupMeterBinder cleanupMeterBinder(CleanupScheduler scheduler, ObjectProvider<CacheShrinkReport> caches) {
            return new CleanupMeterBinder(scheduler, caches.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Caffeine.class)
    @ConditionalOnBooleanProperty(name = "memguard.cleanup.caches.enabled", matchIfMissing = true)
    static class CacheShrinkingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CaffeineCacheShrinker caffeineCacheShrinker(CleanupProperties properties, ObjectProvider<Clock> clock,
                ObjectProvider<CaffeineCacheSource> sources, ObjectProvider<MemoryPressureMonitor> monitor) {
            CleanupProperties.Caches caches = properties.getCaches();
            CaffeineCacheShrinker.Builder builder = CaffeineCacheShrinker.builder();
            builder.highFactor(caches.getHighFactor()).criticalFactor(caches.getCriticalFactor());
            clock.ifUnique(builder::clock);
            CaffeineCacheShrinker shrinker = builder.build();
            sources.orderedStream().forEach(shrinker::addSource);
            return shrinker;
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(CaffeineCacheManager.class)
        static class CaffeineCacheManagerConfiguration {

            @Bean
            @ConditionalOnMissingBean
            CaffeineCacheManagerSource caffeineCacheManagerSource(ObjectProvider<CaffeineCacheManager> cacheManagers) {
                return new CaffeineCacheManagerSource(cacheManagers);
            }
        }
    }
}
