package io.memguard.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;

/**
 * Metrics of memory alerts: {@code memguard.alerts} with a {@code type} tag ({@code warning},
 * {@code critical}, {@code leak-suspected}).
 *
 * @since 0.1.0
 */
public final class MemoryAlertMetrics implements MeterBinder {

    private final MemoryAlerts alerts;

    /**
     * Creates the binder.
     *
     * @param alerts the hub to measure
     */
    public MemoryAlertMetrics(MemoryAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MemoryAlert.Type type : MemoryAlert.Type.values()) {
            FunctionCounter.builder("memguard.alerts", alerts, a -> a.raised(type))
                    .tag("type", type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .description("Memory alerts raised")
                    .register(registry);
        }
    }
}
