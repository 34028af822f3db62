package io.memguard.autoconfigure.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

class ConcurrencyLimitMetricsTests {

    @Test
    void exportsTheLimitWorkInFlightAndWaits() throws InterruptedException {
        AtomicLong nanos = new AtomicLong();
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").minLimit(1).maxLimit(2)
                .nanoTime(() -> nanos.getAndAdd(TimeUnit.MILLISECONDS.toNanos(250))).build();
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
    }
}
