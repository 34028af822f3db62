package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;

class LoadSheddingMetricsTests {

    @Test
    void exportsRefusalsByReasonToPrometheus() {
        LoadShedder shedder = LoadShedder.builder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LoadSheddingMetrics(shedder).bindTo(registry);

        for (int i = 0; i < 3; i++) {
            shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        }
        shedder.recordShed(ShedReason.LARGE_REQUEST, MemoryPressureLevel.HIGH);

        assertThat(registry.scrape())
                .contains("# HELP memguard_requests_shed_total Requests refused under memory pressure")
                .contains("memguard_requests_shed_total{reason=\"pressure\"} 3.0")
                .contains("memguard_requests_shed_total{reason=\"large-request\"} 1.0");
    }
}
