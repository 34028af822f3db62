package io.memguard.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.protect.LowMemoryMode;

/**
 * Metrics of low-memory mode: {@code memguard.low.memory.mode} (1 while on, 0 while off) and
 * {@code memguard.low.memory.mode.entries} (times entered).
 *
 * @since 0.1.0
 */
public final class LowMemoryModeMetrics implements MeterBinder {

    private final LowMemoryMode mode;

    /**
     * Creates the binder.
     *
     * @param mode the mode to measure
     */
    public LowMemoryModeMetrics(LowMemoryMode mode) {
        this.mode = mode;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("memguard.low.memory.mode", mode, m -> m.isActive() ? 1 : 0)
                .description("Whether low-memory mode is on (1) or off (0)")
                .register(registry);
        FunctionCounter.builder("memguard.low.memory.mode.entries", mode, m -> m.snapshot().timesEntered())
                .description("Times low-memory mode was entered")
                .register(registry);
    }
}
