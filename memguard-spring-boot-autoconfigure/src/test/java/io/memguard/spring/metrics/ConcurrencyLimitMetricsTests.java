package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

class ConcurrencyLimitMetricsTests {

    @Test
    void exportsTheLimitWorkInFlightAndWaits() throws InterruptedException {
        AtomicLong nanos = new AtomicLong();
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(2)
                .ticker(() -> nanos.getAndAdd(TimeUnit.MILLISECONDS.toNanos(250))).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ConcurrencyLimitMetrics(limiter).bindTo(registry);

        limiter.update(MemoryPressureLevel.CRITICAL);
        limiter.acquire();
        assertThat(limiter.tryAcquire(Duration.ofMillis(1))).isFalse();

        assertThat(registry.get("memguard.concurrency.limit").tag("limiter", "workers").gauge().value()).isEqualTo(1);
        assertThat(registry.get("memguard.concurrency.in.flight").gauge().value()).isEqualTo(1);
        assertThat(registry.get("memguard.concurrency.waiting").gauge().value()).isZero();
        assertThat(registry.get("memguard.concurrency.waits").functionTimer().count()).isEqualTo(1);
        assertThat(registry.get("memguard.concurrency.waits").functionTimer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(250);

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ConcurrencyLimitMetrics(limiter).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains("memguard_concurrency_limit{limiter=\"workers\"} 1.0")
                .contains("memguard_concurrency_in_flight{limiter=\"workers\"} 1.0")
                .contains("memguard_concurrency_waiting{limiter=\"workers\"} 0.0")
                .contains("memguard_concurrency_waits_seconds_count{limiter=\"workers\"} 1")
                .contains("memguard_concurrency_waits_seconds_sum{limiter=\"workers\"} 0.25");
    }
}
