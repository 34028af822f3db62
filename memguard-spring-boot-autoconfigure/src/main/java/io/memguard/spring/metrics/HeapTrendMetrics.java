package io.memguard.spring.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.diagnostics.HeapTrendDetector;

/**
 * Metrics of the heap trend: {@code memguard.heap.trend.slope} (growth of the heap after collection, bytes
 * per second) and {@code memguard.heap.leak.suspected} (1 while a leak is suspected, else 0).
 *
 * @since 0.1.0
 */
public final class HeapTrendMetrics implements MeterBinder {

    private final HeapTrendDetector detector;

    /**
     * Creates the binder.
     *
     * @param detector the detector to measure
     */
    public HeapTrendMetrics(HeapTrendDetector detector) {
        this.detector = detector;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("memguard.heap.trend.slope", detector, d -> d.trend().slopeBytesPerSecond())
                .baseUnit("bytes.per.second")
                .description("Least-squares slope of the heap occupancy after collection over the leak detection"
                        + " window")
                .register(registry);
        Gauge.builder("memguard.heap.leak.suspected", detector, d -> d.trend().leakSuspected() ? 1 : 0)
                .description("Whether the heap after collection grows steadily enough to suspect a leak (1) or not (0)")
                .register(registry);
    }
}
