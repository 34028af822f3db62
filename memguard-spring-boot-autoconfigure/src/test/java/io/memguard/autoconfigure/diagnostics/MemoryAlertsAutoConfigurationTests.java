package io.memguard.autoconfigure.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.spring.event.MemoryAlertEvent;
import io.memguard.spring.metrics.MemoryAlertMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class MemoryAlertsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    MemoryAlertsAutoConfiguration.class))
            .withBean(ManualMemoryPressureMonitor.class)
            .withUserConfiguration(AlertCapture.class);

    @Test
    void risingPressureIsPublishedAsAlertEvents() {
        runner.run(context -> {
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            monitor.setLevel(MemoryPressureLevel.HIGH);
            monitor.setLevel(MemoryPressureLevel.CRITICAL);
            monitor.setLevel(MemoryPressureLevel.NONE);

            List<MemoryAlertEvent> events = context.getBean(AlertCapture.class).events;
            assertThat(events).extracting(MemoryAlertEvent::getType)
                    .containsExactly(MemoryAlert.Type.WARNING, MemoryAlert.Type.CRITICAL);
            assertThat(events.get(1).getAlert().suggestedAction()).isNotBlank();
            assertThat(events.get(0).getSource()).isSameAs(context.getBean(MemoryAlerts.class));
        });
    }

    @Test
    void alertsFromOtherSourcesArePublishedToo() {
        runner.run(context -> {
            context.getBean(MemoryAlerts.class).raise(new MemoryAlert(MemoryAlert.Type.LEAK_SUSPECTED, "growing",
                    "dump the heap", MemoryPressureLevel.MODERATE, Instant.now(), Map.of()));

            assertThat(context.getBean(AlertCapture.class).events).singleElement()
                    .extracting(MemoryAlertEvent::getType).isEqualTo(MemoryAlert.Type.LEAK_SUSPECTED);
        });
    }

    @Test
    void noPressureAlerterWithoutAMonitor() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MemoryAlertsAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(MemoryAlerts.class)
                        .doesNotHaveBean("pressureAlerter"));
    }

    @Test
    void unregistersWhenTheContextCloses() {
        runner.run(context -> {
            ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
            assertThat(monitor.listeners()).isNotEmpty();
            context.close();
            assertThat(monitor.listeners()).isEmpty();
        });
    }

    @Test
    void nothingWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryAlerts.class));
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(MemoryAlertMetrics.class));
    }

    @Test
    void metricsCountAlertsByType() {
        MemoryAlerts alerts = new MemoryAlerts();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MemoryAlertMetrics(alerts).bindTo(registry);

        alerts.raise(new MemoryAlert(MemoryAlert.Type.LEAK_SUSPECTED, "m", "a", MemoryPressureLevel.NONE,
                Instant.now(), Map.of()));

        assertThat(registry.get("memguard.alerts").tag("type", "leak-suspected").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("memguard.alerts").tag("type", "warning").functionCounter().count()).isZero();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MemoryAlertMetrics(alerts).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains("memguard_alerts_total{type=\"leak-suspected\"} 1.0");
    }

    @Configuration(proxyBeanMethods = false)
    static class AlertCapture implements ApplicationListener<MemoryAlertEvent> {

        final List<MemoryAlertEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MemoryAlertEvent event) {
            events.add(event);
        }
    }
}
