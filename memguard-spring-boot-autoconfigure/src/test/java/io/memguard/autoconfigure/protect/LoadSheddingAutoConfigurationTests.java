package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;
import org.springframework.web.util.pattern.PatternParseException;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemguardProperties;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;
import io.memguard.spring.event.MemoryThrottlingEvent;
import io.memguard.spring.metrics.LoadSheddingMetrics;
import io.memguard.spring.web.ExcludedPathsContributor;
import io.memguard.spring.web.LoadSheddingFilter;
import io.memguard.spring.web.LoadSheddingWebFilter;
import io.memguard.spring.web.RequestShedding;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class LoadSheddingAutoConfigurationTests {

    private static final AutoConfigurations SHEDDING = AutoConfigurations.of(MemguardAutoConfiguration.class,
            LoadSheddingAutoConfiguration.class, LoadSheddingServletAutoConfiguration.class,
            LoadSheddingReactiveAutoConfiguration.class);

    private static final AutoConfigurations SHEDDING_WITHOUT_MONITOR = AutoConfigurations.of(
            LoadSheddingAutoConfiguration.class, LoadSheddingServletAutoConfiguration.class,
            LoadSheddingReactiveAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(SHEDDING)
            .withBean(ManualMemoryPressureMonitor.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(SHEDDING)
            .withBean(ManualMemoryPressureMonitor.class);

    private final WebApplicationContextRunner actuator = servlet.withConfiguration(AutoConfigurations.of(
            ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
            WebEndpointAutoConfiguration.class,
            HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
            AvailabilityProbesAutoConfiguration.class));

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(SHEDDING).withBean(ManualMemoryPressureMonitor.class);

    @Test
    void providesTheShedderWithItsDefaults() {
        runner.run(context -> {
            LoadShedder shedder = context.getBean(LoadShedder.class);
            assertThat(shedder.shedLevel()).isEqualTo(MemoryPressureLevel.CRITICAL);
            assertThat(shedder.largeRequestLevel()).isEqualTo(MemoryPressureLevel.HIGH);
            assertThat(shedder.largeRequestThreshold()).isEqualTo(1024 * 1024);
            RequestShedding shedding = context.getBean(RequestShedding.class);
            assertThat(shedding.response().retryAfterSeconds()).isEqualTo("5");
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);
            assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
            assertThat(context).hasBean("memoryThrottlingEventPublisher")
                    .hasSingleBean(LoadSheddingMetrics.class)
                    .doesNotHaveBean(LoadSheddingFilter.class)
                    .doesNotHaveBean(LoadSheddingWebFilter.class);
        });
    }

    @Test
    void largeBodiesShareWhatIsLeftBelowTheCriticalThresholdInUse() {
        runner.run(context -> assertThat(context.getBean(LoadShedder.class).largeRequestHeadroomThreshold())
                .isEqualTo(0.95));
        // As MemguardAutoConfiguration binds them in an application.
        runner.withUserConfiguration(MemguardPropertiesConfiguration.class)
                .withPropertyValues("memguard.pressure.thresholds.critical=0.90")
                .run(context -> assertThat(context.getBean(LoadShedder.class).largeRequestHeadroomThreshold())
                        .isEqualTo(0.90));
    }

    @Test
    void aLargeBodyIsWeighedAsAdmissionWeighsIt() {
        runner.run(context -> assertThat(context.getBean(LoadShedder.class).largeRequestBodyFactor()).isEqualTo(4.0));
        runner.withPropertyValues("memguard.admission.routes.body-factor=2.5")
                .run(context -> assertThat(context.getBean(LoadShedder.class).largeRequestBodyFactor())
                        .isEqualTo(2.5));
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues("memguard.shedding.level=high", "memguard.shedding.large-request-level=moderate",
                "memguard.shedding.large-request-threshold=64KB", "memguard.shedding.retry-after=30s",
                "memguard.shedding.excluded-paths=/health/**,/static/{file}", "memguard.shedding.event-interval=10s")
                .run(context -> {
                    LoadShedder shedder = context.getBean(LoadShedder.class);
                    assertThat(shedder.shedLevel()).isEqualTo(MemoryPressureLevel.HIGH);
                    assertThat(shedder.largeRequestLevel()).isEqualTo(MemoryPressureLevel.MODERATE);
                    assertThat(shedder.largeRequestThreshold()).isEqualTo(64 * 1024);
                    RequestShedding shedding = context.getBean(RequestShedding.class);
                    assertThat(shedding.response().retryAfterSeconds()).isEqualTo("30");
                    context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);
                    assertThat(refusal(shedding, "/static/app.js")).isNull();
                    assertThat(refusal(shedding, "/health/live")).isNull();
                    assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
                    assertThat(context.getBean(LoadSheddingProperties.class).getEventInterval()).hasSeconds(10);
                });
    }

    private static ShedReason refusal(RequestShedding shedding, String path) {
        return shedding.judge(-1, () -> PathContainer.parsePath(path), () -> null).refusal();
    }

    @Test
    void sparesTheActuatorAtItsDefaultBasePath() {
        actuator.run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/actuator/health/liveness")).isNull();
            assertThat(refusal(shedding, "/actuator/health/readiness")).isNull();
            assertThat(refusal(shedding, "/actuator")).isNull();
            assertThat(refusal(shedding, "/actuatorx")).isEqualTo(ShedReason.PRESSURE);
            assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void followsACustomActuatorBasePath() {
        actuator.withPropertyValues("management.endpoints.web.base-path=/manage").run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/manage/health/liveness")).isNull();
            assertThat(refusal(shedding, "/manage/health/readiness")).isNull();
            assertThat(refusal(shedding, "/actuator/health/liveness")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void sparesEachEndpointWhenTheActuatorIsAtTheRoot() {
        actuator.withPropertyValues("management.endpoints.web.base-path=/").run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/health/liveness")).isNull();
            assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void userExclusionsAddToTheProbesInsteadOfReplacingThem() {
        actuator.withPropertyValues("memguard.shedding.excluded-paths=/api/public/**").run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/api/public/terms")).isNull();
            assertThat(refusal(shedding, "/actuator/health/liveness")).isNull();
            assertThat(refusal(shedding, "/actuator/health/readiness")).isNull();
            assertThat(refusal(shedding, "/css/site.css")).isNull();
            assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void sparesTheProbesAdditionalPathsOnTheApplicationsServer() {
        actuator.withPropertyValues("management.endpoint.health.probes.enabled=true",
                "management.endpoint.health.probes.add-additional-paths=true",
                "memguard.shedding.excluded-paths=/api/public/**").run(context -> {
                    RequestShedding shedding = critical(context);
                    assertThat(refusal(shedding, "/livez")).isNull();
                    assertThat(refusal(shedding, "/readyz")).isNull();
                    assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
                });
    }

    @Test
    void sparesTheWholeManagementServerWhenTheActuatorHasItsOwnPort() {
        actuator.withPropertyValues("management.server.port=9091").run(context -> {
            RequestShedding shedding = critical(context);
            ServletWebServerApplicationContext managementServer = new ServletWebServerApplicationContext();
            managementServer.setServerNamespace("management");
            ServletWebServerApplicationContext applicationServer = new ServletWebServerApplicationContext();
            applicationServer.setServerNamespace("server");

            assertThat(shedding.judge(-1, () -> PathContainer.parsePath("/actuator/health/liveness"),
                    () -> managementServer).refusal()).isNull();
            assertThat(shedding.judge(-1, () -> PathContainer.parsePath("/anything"), () -> managementServer)
                    .refusal()).isNull();
            assertThat(shedding.judge(-1, () -> PathContainer.parsePath("/actuator/health/liveness"),
                    () -> applicationServer).refusal()).as("the actuator is not on the application's port")
                    .isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void sparesStaticResourcesAtTheirCommonLocations() {
        servlet.run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/css/site.css")).isNull();
            assertThat(refusal(shedding, "/js/app.js")).isNull();
            assertThat(refusal(shedding, "/images/logo.png")).isNull();
            assertThat(refusal(shedding, "/favicon.ico")).isNull();
            assertThat(refusal(shedding, "/webjars/bootstrap/5.3.0/bootstrap.css")).isNull();
            assertThat(refusal(shedding, "/owners/find")).isEqualTo(ShedReason.PRESSURE);
        });
        reactive.run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/js/app.js")).isNull();
            assertThat(refusal(shedding, "/owners/find")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void sparesStaticResourcesUnderTheirOwnPattern() {
        servlet.withPropertyValues("spring.mvc.static-path-pattern=/assets/**").run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/assets/app.js")).isNull();
            assertThat(refusal(shedding, "/css/site.css")).isEqualTo(ShedReason.PRESSURE);
        });
        reactive.withPropertyValues("spring.webflux.static-path-pattern=/assets/**").run(context -> {
            RequestShedding shedding = critical(context);
            assertThat(refusal(shedding, "/assets/app.js")).isNull();
            assertThat(refusal(shedding, "/css/site.css")).isEqualTo(ShedReason.PRESSURE);
        });
    }

    @Test
    void shedsStaticResourcesWhenNoneAreServedOrWhenAskedTo() {
        servlet.withPropertyValues("spring.web.resources.add-mappings=false")
                .run(context -> assertThat(refusal(critical(context), "/css/site.css")).isEqualTo(ShedReason.PRESSURE));
        servlet.withPropertyValues("memguard.shedding.exclude-static-resources=false")
                .run(context -> assertThat(refusal(critical(context), "/css/site.css")).isEqualTo(ShedReason.PRESSURE));
    }

    private static RequestShedding critical(ApplicationContext context) {
        context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);
        return context.getBean(RequestShedding.class);
    }

    @Test
    void servletApplicationsGetTheServletFilter() {
        servlet.run(context -> assertThat(context).hasSingleBean(LoadSheddingFilter.class)
                .doesNotHaveBean(LoadSheddingWebFilter.class));
    }

    @Test
    void reactiveApplicationsGetTheWebFilter() {
        reactive.run(context -> assertThat(context).hasSingleBean(LoadSheddingWebFilter.class)
                .doesNotHaveBean(LoadSheddingFilter.class));
    }

    @Test
    void noFilterWithoutAPressureMonitor() {
        new WebApplicationContextRunner().withConfiguration(SHEDDING_WITHOUT_MONITOR).run(context -> assertThat(
                context)
                .hasSingleBean(LoadShedder.class).doesNotHaveBean(RequestShedding.class)
                .doesNotHaveBean(LoadSheddingFilter.class));
        new ReactiveWebApplicationContextRunner().withConfiguration(SHEDDING_WITHOUT_MONITOR)
                .run(context -> assertThat(context).doesNotHaveBean(LoadSheddingWebFilter.class));
    }

    @Test
    void noServletFilterWithoutSpringWeb() {
        servlet.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
                .run(context -> assertThat(context).doesNotHaveBean(LoadSheddingFilter.class));
    }

    @Test
    void noWebFilterWithoutWebFlux() {
        reactive.withClassLoader(new FilteredClassLoader(WebFilter.class))
                .run(context -> assertThat(context).doesNotHaveBean(LoadSheddingWebFilter.class));
    }

    @Test
    void nothingWhenSheddingIsDisabled() {
        servlet.withPropertyValues("memguard.shedding.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(LoadShedder.class).doesNotHaveBean(LoadSheddingFilter.class));
    }

    @Test
    void nothingWhenMemguardIsDisabled() {
        servlet.withPropertyValues("memguard.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(LoadShedder.class).doesNotHaveBean(LoadSheddingFilter.class));
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(LoadSheddingMetrics.class));
    }

    @Test
    void refusalsArePublishedInBatchesAndFlushedWhenPressureChanges() {
        runner.withUserConfiguration(ThrottlingCapture.class).run(context -> {
            LoadShedder shedder = context.getBean(LoadShedder.class);
            List<MemoryThrottlingEvent> events = context.getBean(ThrottlingCapture.class).events;

            for (int i = 0; i < 100; i++) {
                shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
            }
            assertThat(events).as("the first at once, the rest batched").hasSize(1);

            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);

            assertThat(events).hasSize(2);
            assertThat(events.get(0).getRefused()).isEqualTo(1);
            assertThat(events.get(1).getRefused()).isEqualTo(99);
            assertThat(events.get(1).getRefusedByReason()).containsEntry(ShedReason.PRESSURE, 99L);
            assertThat(events.get(1).getSource()).isSameAs(shedder);
        });
    }

    @Test
    void refusesSheddingAtNone() {
        runner.withPropertyValues("memguard.shedding.level=none").run(context -> assertInvalidProperty(context,
                "memguard.shedding.level", "NONE", "must be LOW, MODERATE, HIGH or CRITICAL: at NONE"
                        + " every request would be refused; to turn shedding off, set memguard.shedding.enabled=false"));
        runner.withPropertyValues("memguard.shedding.large-request-level=none").run(context -> assertInvalidProperty(
                context, "memguard.shedding.large-request-level", "NONE",
                "must be LOW, MODERATE, HIGH or CRITICAL: at NONE large requests would always run one at a time"));
    }

    @Test
    void refusesANegativeThreshold() {
        runner.withPropertyValues("memguard.shedding.large-request-threshold=-1B").run(context -> assertInvalidProperty(
                context, "memguard.shedding.large-request-threshold", "-1B",
                "must be zero or a positive size, such as 1MB"));
    }

    @Test
    void refusesANonPositiveRetryAfterOrEventInterval() {
        runner.withPropertyValues("memguard.shedding.retry-after=0s").run(context -> assertInvalidProperty(context,
                "memguard.shedding.retry-after", "PT0S", "must be a positive duration, such as 5s"));
        runner.withPropertyValues("memguard.shedding.event-interval=-1s").run(context -> assertInvalidProperty(context,
                "memguard.shedding.event-interval", "PT-1S", "must be a positive duration, such as 1s"));
    }

    @Test
    void refusesAnInvalidExcludedPath() {
        runner.withPropertyValues("memguard.shedding.excluded-paths=/actuator/**,/api/**/items")
                .run(context -> assertInvalidProperty(context,
                        "memguard.shedding.excluded-paths",
                        "[/actuator/**, /api/**/items]", "'/api/**/items' (index 1) is not a valid path pattern: "));
    }

    @Test
    void contributedPathsAreResolvedAtStartUpSoThatAWrongOneFailsIt() {
        runner.withBean("brokenPaths", ExcludedPathsContributor.class, () -> () -> List.of("/api/**/items"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("Excluded path '/api/**/items' is not a valid path pattern")
                        .hasCauseInstanceOf(PatternParseException.class));
        runner.withBean("extraPaths", ExcludedPathsContributor.class, () -> () -> List.of("/api/ping"))
                .run(context -> {
                    RequestShedding shedding = critical(context);
                    assertThat(refusal(shedding, "/api/ping")).isNull();
                    assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrottlingCapture implements ApplicationListener<MemoryThrottlingEvent> {

        final List<MemoryThrottlingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MemoryThrottlingEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MemguardProperties.class)
    static class MemguardPropertiesConfiguration {
    }
}
