package io.memguard.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.spring.metrics.MemoryPressureMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MemoryPressureMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    MemoryPressureMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    PrometheusMetricsExportAutoConfiguration.class));

    @Test
    void bindsTheMetersToTheRegistry() {
        runner.withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH))
                .run((context) -> {
                    assertThat(context).hasSingleBean(MemoryPressureMetrics.class);
                    String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
                    assertThat(scrape).contains("memguard_pressure_level 3.0",
                            "memguard_memory_usage_ratio{signal=\"heap-after-gc\"} 0.875",
                            "memguard_memory_usage_ratio{signal=\"container\"} 0.75");
                });
    }

    @Test
    void measuresTheRealMonitorOfThisMachine() {
        runner.run((context) -> assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
                .contains("memguard_pressure_level ", "memguard_memory_usage_ratio{signal=\"heap\"} ",
                        "memguard_memory_usage_ratio{signal=\"heap-after-gc\"} ",
                        "memguard_pressure_listener_failures_total 0.0",
                        "memguard_gc_hints_total{outcome=\"requested\"} 0.0"));
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryPressureMetrics.class));
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                        MemoryPressureMetricsAutoConfiguration.class))
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryPressureMetrics.class));
    }

    @Test
    void backsOffWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run((context) -> assertThat(context).doesNotHaveBean(MemoryPressureMetrics.class));
    }

    @Test
    void backsOffFromAUserBinder() {
        MemoryPressureMetrics custom = new MemoryPressureMetrics(
                MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE));
        runner.withBean(MemoryPressureMetrics.class, () -> custom)
                .run((context) -> assertThat(context).getBean(MemoryPressureMetrics.class).isSameAs(custom));
    }
}
