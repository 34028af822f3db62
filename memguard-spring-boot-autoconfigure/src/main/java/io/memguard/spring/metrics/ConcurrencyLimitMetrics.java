package io.memguard.spring.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.protect.AdaptiveConcurrencyLimiter;

/**
 * Metrics of an adaptive concurrency limiter, tagged with its name ({@code limiter}):
 * {@code memguard.concurrency.limit}, {@code memguard.concurrency.in.flight},
 * {@code memguard.concurrency.waiting} and {@code memguard.concurrency.waits} (a timer: how many acquisitions
 * waited, and for how long in total).
 *
 * @since 0.1.0
 */
public final class ConcurrencyLimitMetrics implements MeterBinder {

    private final AdaptiveConcurrencyLimiter limiter;

    /**
     * Creates the binder.
     *
     * @param limiter the limiter to measure
     */
    public ConcurrencyLimitMetrics(AdaptiveConcurrencyLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("limiter", limiter.name());
        Gauge.builder("memguard.concurrency.limit", limiter, AdaptiveConcurrencyLimiter::limit).tags(tags)
                .description("Concurrent work allowed at the current memory pressure level")
                .register(registry);
        Gauge.builder("memguard.concurrency.in.flight", limiter, AdaptiveConcurrencyLimiter::inFlight).tags(tags)
                .description("Permits held now")
                .register(registry);
        Gauge.builder("memguard.concurrency.waiting", limiter, AdaptiveConcurrencyLimiter::waiting).tags(tags)
                .description("Threads waiting for a permit now")
                .register(registry);
        FunctionTimer.builder("memguard.concurrency.waits", limiter, AdaptiveConcurrencyLimiter::waits,
                AdaptiveConcurrencyLimiter::waitNanos, TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("Acquisitions that had to wait for a permit, and the time they waited")
                .register(registry);
    }
}
