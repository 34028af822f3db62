package io.memguard.autoconfigure.protect;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.protect.LowMemoryModeChange;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LowMemoryMode;
import io.memguard.spring.actuate.LowMemoryModeController;
import io.memguard.spring.actuate.LowMemoryModeDescriptor;
import io.memguard.spring.actuate.LowMemoryModeEndpointSection;
import io.memguard.spring.event.LowMemoryModeChangedEvent;
import io.memguard.spring.metrics.LowMemoryModeMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class LowMemoryModeAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    LowMemoryModeAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    private final ApplicationContextRunner withMonitor = runner.withUserConfiguration(MonitorConfiguration.class);

    @Test
    void providesTheModeWithItsDefaults() {
        withMonitor.run(context -> {
            LowMemoryMode mode = context.getBean(LowMemoryMode.class);
            assertThat(mode.enterLevel()).isEqualTo(MemoryPressureLevel.HIGH);
            assertThat(mode.exitLevel()).isEqualTo(MemoryPressureLevel.MODERATE);
            assertThat(mode.minimumDuration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(context).hasSingleBean(LowMemoryModeEndpointSection.class)
                    .hasSingleBean(LowMemoryModeController.class)
                    .hasBean("lowMemoryModeEventPublisher")
                    .hasSingleBean(LowMemoryModeMetrics.class);
        });
    }

    @Test
    void bindsTheLevelsAndTheMinimumDuration() {
        withMonitor.withPropertyValues("memguard.low-memory.enter-level=critical",
                "memguard.low-memory.exit-level=low", "memguard.low-memory.minimum-duration=2m").run(context -> {
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);
                    assertThat(mode.enterLevel()).isEqualTo(MemoryPressureLevel.CRITICAL);
                    assertThat(mode.exitLevel()).isEqualTo(MemoryPressureLevel.LOW);
                    assertThat(mode.minimumDuration()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void followsThePressureMonitorAndLeavesItWhenTheContextCloses() {
        withMonitor.withPropertyValues("memguard.low-memory.minimum-duration=0s").run(context -> {
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            LowMemoryMode mode = context.getBean(LowMemoryMode.class);

            monitor.setLevel(MemoryPressureLevel.HIGH);
            assertThat(mode.isActive()).isTrue();
            monitor.setLevel(MemoryPressureLevel.MODERATE);
            assertThat(mode.isActive()).isFalse();

            assertThat(monitor.listeners()).isNotEmpty();
            context.close();
            assertThat(monitor.listeners()).isEmpty();
        });
    }

    @Test
    void isOnAtStartWhenPressureIsAlreadyHigh() {
        runner.withBean(ManualMemoryPressureMonitor.class, () -> new ManualMemoryPressureMonitor(MemoryPressureLevel.CRITICAL))
                .run(context -> assertThat(context.getBean(LowMemoryMode.class).isActive()).isTrue());
    }

    @Test
    void publishesAnEventForEachChange() {
        withMonitor.withUserConfiguration(EventCaptureConfiguration.class).run(context -> {
            LowMemoryMode mode = context.getBean(LowMemoryMode.class);
            mode.forceOn();
            mode.release();

            List<LowMemoryModeChangedEvent> events = context.getBean(EventCaptureConfiguration.class).events;
            assertThat(events).extracting(LowMemoryModeChangedEvent::getCause)
                    .containsExactly(LowMemoryModeChange.Cause.FORCED, LowMemoryModeChange.Cause.RELEASED);
            assertThat(events.get(0).isEntered()).isTrue();
            assertThat(events.get(0).getSource()).isSameAs(mode);
        });
    }

    @Test
    void whenDisabledTheModeIgnoresPressureButCanStillBeForced() {
        withMonitor.withPropertyValues("memguard.low-memory.enabled=false").run(context -> {
            LowMemoryMode mode = context.getBean(LowMemoryMode.class);
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.CRITICAL);
            assertThat(mode.isActive()).isFalse();
            assertThat(context).doesNotHaveBean("lowMemoryModePressureRegistration");

            mode.forceOn();
            assertThat(mode.isActive()).isTrue();
            assertThat(context.getBean(LowMemoryModeEndpointSection.class).describe().automaticEnabled()).isFalse();
        });
    }

    @Test
    void worksWithoutAMonitor() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(LowMemoryMode.class)
                    .doesNotHaveBean("lowMemoryModePressureRegistration");
        });
    }

    @Test
    void backsOffWhenMemguardIsDisabled() {
        withMonitor.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LowMemoryMode.class));
    }

    @Test
    void backsOffForAUserDefinedMode() {
        LowMemoryMode own = LowMemoryMode.builder().enterLevel(MemoryPressureLevel.MODERATE)
                .exitLevel(MemoryPressureLevel.LOW).build();
        withMonitor.withBean(LowMemoryMode.class, () -> own)
                .run(context -> assertThat(context.getBean(LowMemoryMode.class)).isSameAs(own));
    }

    @Test
    void hasNoControllerWithoutTheActuator() {
        withMonitor.withClassLoader(new FilteredClassLoader(WebEndpointResponse.class)).run(context -> {
            assertThat(context).doesNotHaveBean(LowMemoryModeController.class);
            assertThat(context).hasSingleBean(LowMemoryModeEndpointSection.class);
        });
    }

    @Test
    void hasNoMetricsWithoutMicrometer() {
        withMonitor.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(LowMemoryModeMetrics.class));
    }

    @Test
    void metricsShowTheModeAndItsEntries() {
        LowMemoryMode mode = LowMemoryMode.builder().build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new LowMemoryModeMetrics(mode).bindTo(registry);

        mode.forceOn();

        assertThat(registry.get("memguard.low.memory.mode").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("memguard.low.memory.mode.entries").functionCounter().count()).isEqualTo(1.0);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LowMemoryModeMetrics(mode).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains("memguard_low_memory_mode 1.0")
                .contains("memguard_low_memory_mode_entries_total 1.0");
        mode.release();
        assertThat(registry.get("memguard.low.memory.mode").gauge().value()).isZero();
    }

    @Test
    void sectionDescribesTheMode() {
        withMonitor.withPropertyValues("memguard.low-memory.minimum-duration=45s").run(context -> {
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);
            LowMemoryModeEndpointSection section = context.getBean(LowMemoryModeEndpointSection.class);

            assertThat(section.name()).isEqualTo("low-memory-mode");
            LowMemoryModeDescriptor descriptor = section.describe();
            assertThat(descriptor.active()).isTrue();
            assertThat(descriptor.automatic()).isTrue();
            assertThat(descriptor.forced()).isFalse();
            assertThat(descriptor.level()).isEqualTo("HIGH");
            assertThat(descriptor.lastChange()).contains("entered");
            assertThat(descriptor.timesEntered()).isEqualTo(1);
            assertThat(descriptor.minimumDurationSeconds()).isEqualTo(45);
        });
    }

    @Test
    void refusesAnEnterLevelOfNone() {
        withMonitor.withPropertyValues("memguard.low-memory.enter-level=none")
                .run(context -> assertInvalidProperty(context, "memguard.low-memory.enter-level", "NONE",
                        "must be LOW, MODERATE, HIGH or CRITICAL: at NONE the mode would always be on; to keep it off,"
                                + " set memguard.low-memory.enabled=false"));
    }

    @Test
    void refusesAnExitLevelNotBelowTheEnterLevel() {
        withMonitor.withPropertyValues("memguard.low-memory.exit-level=high")
                .run(context -> assertInvalidProperty(context, "memguard.low-memory.exit-level", "HIGH",
                        "must be below memguard.low-memory.enter-level (HIGH): lower it, or raise the enter level"));
    }

    @Test
    void refusesANegativeMinimumDuration() {
        withMonitor.withPropertyValues("memguard.low-memory.minimum-duration=-1s")
                .run(context -> assertInvalidProperty(context, "memguard.low-memory.minimum-duration", "PT-1S",
                        "must be zero or a positive duration, such as 30s, or 0s for no minimum"));
    }

    @Configuration(proxyBeanMethods = false)
    static class MonitorConfiguration {

        @Bean
        ManualMemoryPressureMonitor settablePressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventCaptureConfiguration implements ApplicationListener<LowMemoryModeChangedEvent> {

        final List<LowMemoryModeChangedEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LowMemoryModeChangedEvent event) {
            events.add(event);
        }
    }
}
