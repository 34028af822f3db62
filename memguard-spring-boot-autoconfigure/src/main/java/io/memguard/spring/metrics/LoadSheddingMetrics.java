package io.memguard.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;

/**
 * Metrics of load shedding: {@code memguard.requests.shed} (in Prometheus
 * {@code memguard_requests_shed_total}), with a {@code reason} tag of {@code pressure} or
 * {@code large-request}.
 *
 * @since 0.1.0
 */
public final class LoadSheddingMetrics implements MeterBinder {

    private final LoadShedder shedder;

    /**
     * Creates the binder.
     *
     * @param shedder the shedder to measure
     */
    public LoadSheddingMetrics(LoadShedder shedder) {
        this.shedder = shedder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ShedReason reason : ShedReason.values()) {
            FunctionCounter.builder("memguard.requests.shed", shedder, s -> s.shedCount(reason))
                    .tag("reason", reason.tag())
                    .description("Requests refused under memory pressure")
                    .register(registry);
        }
    }
}
