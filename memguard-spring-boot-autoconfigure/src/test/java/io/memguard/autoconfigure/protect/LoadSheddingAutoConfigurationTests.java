package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.ManualMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.ShedReason;

class LoadSheddingAutoConfigurationTests {

    private static final AutoConfigurations SHEDDING = AutoConfigurations.of(LoadSheddingAutoConfiguration.class,
            LoadSheddingServletAutoConfiguration.class, LoadSheddingReactiveAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(SHEDDING)
            .withBean(ManualMemoryPressureMonitor.class);

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(SHEDDING)
            .withBean(ManualMemoryPressureMonitor.class);

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
            assertThat(refusal(shedding, "/actuator/health/readiness")).isNull();
            assertThat(refusal(shedding, "/api/work")).isEqualTo(ShedReason.PRESSURE);
            assertThat(context).hasSingleBean(MemoryThrottlingEventPublisher.class)
                    .hasSingleBean(LoadSheddingMetrics.class)
                    .doesNotHaveBean(LoadSheddingFilter.class)
                    .doesNotHaveBean(LoadSheddingWebFilter.class);
        });
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
                    assertThat(refusal(shedding, "/actuator/health")).isEqualTo(ShedReason.PRESSURE);
                    assertThat(context.getBean(LoadSheddingProperties.class).getEventInterval()).hasSeconds(10);
                });
    }

    private static ShedReason refusal(RequestShedding shedding, String path) {
        return shedding.refuse(-1, () -> PathContainer.parsePath(path));
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
        new WebApplicationContextRunner().withConfiguration(SHEDDING).run(context -> assertThat(context)
                .hasSingleBean(LoadShedder.class).doesNotHaveBean(RequestShedding.class)
                .doesNotHaveBean(LoadSheddingFilter.class));
        new ReactiveWebApplicationContextRunner().withConfiguration(SHEDDING)
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
                "memguard.shedding.level", "memguard.shedding.level must be LOW, MODERATE, HIGH or CRITICAL, was NONE"));
        runner.withPropertyValues("memguard.shedding.large-request-level=none").run(context -> assertInvalidProperty(
                context, "memguard.shedding.large-request-level", "memguard.shedding.large-request-level must be LOW, MODERATE, HIGH or CRITICAL, was NONE"));
    }

    @Test
    void refusesANegativeThreshold() {
        runner.withPropertyValues("memguard.shedding.large-request-threshold=-1B").run(context -> assertInvalidProperty(
                context, "memguard.shedding.large-request-threshold", "memguard.shedding.large-request-threshold must not be negative, was -1B"));
    }

    @Test
    void refusesANonPositiveRetryAfterOrEventInterval() {
        runner.withPropertyValues("memguard.shedding.retry-after=0s").run(context -> assertInvalidProperty(context,
                "memguard.shedding.retry-after", "memguard.shedding.retry-after must be positive, was PT0S"));
        runner.withPropertyValues("memguard.shedding.event-interval=-1s").run(context -> assertInvalidProperty(context,
                "memguard.shedding.event-interval", "memguard.shedding.event-interval must be positive, was PT-1S"));
    }

    @Test
    void refusesAnInvalidExcludedPath() {
        runner.withPropertyValues("memguard.shedding.excluded-paths=/actuator/**,/api/**/items")
                .run(context -> assertInvalidProperty(context,
                        "memguard.shedding.excluded-paths", "memguard.shedding.excluded-paths[1] '/api/**/items' is not a valid path pattern"));
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrottlingCapture implements ApplicationListener<MemoryThrottlingEvent> {

        final List<MemoryThrottlingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MemoryThrottlingEvent event) {
            events.add(event);
        }
    }
}
