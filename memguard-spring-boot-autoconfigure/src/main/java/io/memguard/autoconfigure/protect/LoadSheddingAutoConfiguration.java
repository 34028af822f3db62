package io.memguard.autoconfigure.protect;

import java.util.function.Supplier;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemguardProperties;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.admission.AdmissionProperties;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.SheddingSummary;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.event.MemoryThrottlingEvent;
import io.memguard.spring.metrics.LoadSheddingMetrics;
import io.memguard.spring.web.ExcludedPaths;
import io.memguard.spring.web.ExcludedPathsContributor;
import io.memguard.spring.web.ExemptRequests;
import io.memguard.spring.web.ManagementServer;
import io.memguard.spring.web.RequestShedding;
import io.memguard.spring.web.SheddingResponse;

/**
 * Auto-configuration of the parts of load shedding that do not depend on the web stack: the
 * {@link LoadShedder}, its {@link MemoryThrottlingEvent}s and its metrics, and the paths it spares: those listed in
 * {@code memguard.shedding.excluded-paths} added to those every {@link ExcludedPathsContributor} bean gives (the
 * actuator's, and the static resources'). The servlet filter and the
 * WebFlux filter are configured by {@link LoadSheddingServletAutoConfiguration} and
 * {@link LoadSheddingReactiveAutoConfiguration}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnClass(LoadShedder.class)
@ConditionalOnBooleanProperty(name = "memguard.shedding.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LoadSheddingProperties.class, AdmissionProperties.class })
@Import({ ActuatorExcludedPathsConfiguration.class, PropertyChecks.Origins.class })
public final class LoadSheddingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoadShedder loadShedder(LoadSheddingProperties properties, ObjectProvider<MemguardProperties> memguard,
            AdmissionProperties admission) {
        MemguardProperties pressure = memguard.getIfAvailable(MemguardProperties::new);
        return LoadShedder.builder()
                .shedLevel(properties.getLevel())
                .largeRequestLevel(properties.getLargeRequestLevel())
                .largeRequestThreshold(properties.getLargeRequestThreshold().toBytes())
                // Large bodies share what is left below the CRITICAL threshold in use.
                .largeRequestHeadroomThreshold(pressure.getPressure().getThresholds().getCritical())
                // And be weighed as admission weighs an announced body.
                .largeRequestBodyFactor(admission.getRoutes().getBodyFactor())
                .batchInterval(properties.getEventInterval())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "memoryThrottlingEventPublisher")
    EventBridge<SheddingSummary> memoryThrottlingEventPublisher(LoadShedder shedder,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, shedder::addListener, shedder::removeListener,
                (summary) -> new MemoryThrottlingEvent(shedder, summary));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MemoryPressureMonitor.class)
    RequestShedding requestShedding(MemoryPressureMonitor monitor, LoadShedder shedder,
            LoadSheddingProperties properties, ObjectProvider<ExcludedPathsContributor> contributors,
            Environment environment) {
        // The web server creates the filter, and with it this bean, before the other singletons; the actuator's
        // paths come from its endpoints, which are not created that early, so the paths are resolved later.
        Supplier<ExcludedPaths> excludedPaths = ExemptRequests.resolvedOnFirstUse(properties.getExcludedPaths(),
                contributors);
        return new RequestShedding(monitor, shedder, excludedPaths, ManagementServer.runsSeparately(environment),
                new SheddingResponse(properties.getRetryAfter(), properties.getLargeRequestThreshold()));
    }

    /** Resolves the excluded paths once every singleton exists, so that a wrong pattern fails start-up. */
    @Bean
    SmartInitializingSingleton requestSheddingExcludedPathsResolution(ObjectProvider<RequestShedding> shedding) {
        return () -> shedding.ifAvailable(RequestShedding::excludedPaths);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class LoadSheddingMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LoadSheddingMetrics loadSheddingMetrics(LoadShedder shedder) {
            return new LoadSheddingMetrics(shedder);
        }
    }
}
