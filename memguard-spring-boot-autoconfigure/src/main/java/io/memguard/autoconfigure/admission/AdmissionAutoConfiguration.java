package io.memguard.autoconfigure.admission;

import java.util.function.Supplier;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.RouteCosts;
import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.PropertyChecks;
import io.memguard.autoconfigure.protect.ActuatorExcludedPathsConfiguration;
import io.memguard.autoconfigure.protect.LoadSheddingAutoConfiguration;
import io.memguard.autoconfigure.protect.LoadSheddingReactiveAutoConfiguration;
import io.memguard.autoconfigure.protect.LoadSheddingServletAutoConfiguration;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.PressureSettings.PressureThresholds;
import io.memguard.spring.actuate.AdmissionEndpointSection;
import io.memguard.spring.actuate.MemoryEndpoint;
import io.memguard.spring.metrics.AdmissionMetrics;
import io.memguard.spring.web.AdmissionInterceptor;
import io.memguard.spring.web.AdmissionWebFilter;
import io.memguard.spring.web.ExcludedPaths;
import io.memguard.spring.web.ExcludedPathsContributor;
import io.memguard.spring.web.ExemptRequests;
import io.memguard.spring.web.ManagementServer;
import io.memguard.spring.web.RequestAdmission;
import io.memguard.spring.web.StaticResourceExcludedPaths;

/**
 * Auto-configuration of memory-aware admission: the {@link AdmissionController}, fed every snapshot of the pressure
 * monitor; the learned {@link RouteCosts}; the Spring MVC {@link AdmissionInterceptor} or the WebFlux
 * {@link AdmissionWebFilter}; the {@code admission} section of {@code /actuator/memory}; and the metrics.
 *
 * <p>On by default: the limit starts at its maximum (the heap's size in expected bytes) and only narrows when
 * heap-after-GC or the container nears the target, so a service with memory to spare sees no difference, and one
 * running short refuses a measured share of new work instead of dying of {@code OutOfMemoryError}. Requests are
 * exempt on the paths load shedding spares (the actuator, its probes, static resources) and on
 * {@code memguard.admission.excluded-paths}.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = { MemguardAutoConfiguration.class, LoadSheddingAutoConfiguration.class,
        LoadSheddingServletAutoConfiguration.class, LoadSheddingReactiveAutoConfiguration.class })
@ConditionalOnMemguardEnabled
@ConditionalOnClass(AdmissionController.class)
@ConditionalOnBean(MemoryPressureMonitor.class)
@ConditionalOnBooleanProperty(name = "memguard.admission.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AdmissionProperties.class)
@Import(PropertyChecks.Origins.class)
public final class AdmissionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AdmissionController admissionController(AdmissionProperties properties,
            ObjectProvider<DefaultMemoryPressureMonitor> monitors) {
        DefaultMemoryPressureMonitor monitor = monitors.getIfAvailable();
        double target = (properties.getTarget() != null) ? properties.getTarget()
                : (monitor != null) ? monitor.settings().thresholds().moderate()
                        : PressureThresholds.DEFAULT.moderate();
        if (properties.getHysteresis() >= target) {
            // The target follows the monitor's MODERATE threshold, which the properties cannot see when they bind.
            throw new InvalidConfigurationPropertyValueException("memguard.admission.hysteresis",
                    properties.getHysteresis(), "must be below the admission target (" + target + ", the pressure"
                            + " monitor's MODERATE threshold while memguard.admission.target is unset), such as 0.05");
        }
        long heap = Runtime.getRuntime().maxMemory();
        long max = Math.max(1, (long) (heap * properties.getMaxLimitRatio()));
        long min = Math.max(1, Math.min(max, (long) (heap * properties.getMinLimitRatio())));
        return AdmissionController.builder()
                .target(target)
                .hysteresis(properties.getHysteresis())
                .horizon(properties.getHorizon())
                .decreaseFactor(properties.getDecreaseFactor())
                .increasePerSecond(properties.getIncreasePerSecond())
                .cutCooldown(properties.getCutCooldown())
                .maxLimit(max)
                .minLimit(min)
                .queueTimeout(properties.getQueue().getTimeout())
                .queueCapacity(properties.getQueue().getCapacity())
                .build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBean(DefaultMemoryPressureMonitor.class)
    @ConditionalOnMissingBean
    AdmissionSnapshotFeed admissionSnapshotFeed(DefaultMemoryPressureMonitor monitor, AdmissionController controller) {
        return new AdmissionSnapshotFeed(monitor, controller);
    }

    @Bean
    @ConditionalOnMissingBean
    RouteCosts admissionRouteCosts(AdmissionProperties properties) {
        AdmissionProperties.Routes routes = properties.getRoutes();
        return RouteCosts.builder().maxRoutes(routes.getMax()).smoothing(routes.getSmoothing())
                .defaultCost(routes.getDefaultCost().toBytes()).bodyFactor(routes.getBodyFactor()).build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication
    @Import(ActuatorExcludedPathsConfiguration.class)
    static class WebAdmissionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RequestAdmission requestAdmission(AdmissionController controller, RouteCosts routeCosts,
                AdmissionProperties properties, ObjectProvider<ExcludedPathsContributor> contributors,
                Environment environment) {
            // The web server creates the interceptor's or filter's beans before the actuator's endpoints exist; the
            // exempt paths are resolved on first use, and at the latest once every singleton exists.
            Supplier<ExcludedPaths> excludedPaths = ExemptRequests.resolvedOnFirstUse(properties.getExcludedPaths(),
                    contributors);
            AdmissionProperties.Priority priority = properties.getPriority();
            return new RequestAdmission(controller, routeCosts, excludedPaths,
                    ManagementServer.runsSeparately(environment), priority.getHeader(),
                    ExcludedPaths.of(priority.getLowPaths()), ExcludedPaths.of(priority.getHighPaths()),
                    properties.getRetryAfter());
        }

        @Bean
        SmartInitializingSingleton requestAdmissionExcludedPathsResolution(ObjectProvider<RequestAdmission> admission) {
            return () -> admission.ifAvailable(RequestAdmission::excludedPaths);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class ServletAdmissionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AdmissionInterceptor admissionInterceptor(RequestAdmission admission) {
            return new AdmissionInterceptor(admission);
        }

        @Bean
        WebMvcConfigurer admissionInterceptorRegistration(AdmissionInterceptor interceptor) {
            return new WebMvcConfigurer() {

                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    // First, so that no other interceptor works for a request that is then refused.
                    registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
                }
            };
        }

        /** The static resources, where load shedding (which contributes them otherwise) is off. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebMvcProperties.class)
        @EnableConfigurationProperties({ WebMvcProperties.class, WebProperties.class })
        static class StaticResourceExemptionConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "staticResourceExcludedPaths")
            ExcludedPathsContributor staticResourceExcludedPaths(WebProperties web, WebMvcProperties mvc) {
                return new StaticResourceExcludedPaths(web.getResources().isAddMappings(), mvc.getStaticPathPattern(),
                        mvc.getWebjarsPathPattern());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class ReactiveAdmissionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AdmissionWebFilter admissionWebFilter(RequestAdmission admission) {
            return new AdmissionWebFilter(admission);
        }

        /** The static resources, where load shedding (which contributes them otherwise) is off. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebFluxProperties.class)
        @EnableConfigurationProperties({ WebFluxProperties.class, WebProperties.class })
        static class StaticResourceExemptionConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "staticResourceExcludedPaths")
            ExcludedPathsContributor staticResourceExcludedPaths(WebProperties web, WebFluxProperties webflux) {
                return new StaticResourceExcludedPaths(web.getResources().isAddMappings(),
                        webflux.getStaticPathPattern(), webflux.getWebjarsPathPattern());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class AdmissionMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AdmissionMetrics admissionMetrics(AdmissionController controller, RouteCosts routeCosts) {
            return new AdmissionMetrics(controller, routeCosts);
        }
    }

    /** The admission section of the {@code memory} endpoint, declared only where that endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    @ConditionalOnAvailableEndpoint(MemoryEndpoint.class)
    static class AdmissionEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Lazy
        AdmissionEndpointSection admissionEndpointSection(AdmissionController controller, RouteCosts routeCosts) {
            return new AdmissionEndpointSection(controller, routeCosts);
        }
    }
}
