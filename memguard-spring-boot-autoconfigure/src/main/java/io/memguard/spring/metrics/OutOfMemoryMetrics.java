package io.memguard.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.diagnostics.OutOfMemoryDetector;

/**
 * Metrics of out-of-memory detection: {@code memguard.memory.exhausted}, the OutOfMemoryErrors seen.
 *
 * @since 0.1.0
 */
public final class OutOfMemoryMetrics implements MeterBinder {

    private final OutOfMemoryDetector detector;

    /**
     * Creates the binder.
     *
     * @param detector the detector to measure
     */
    public OutOfMemoryMetrics(OutOfMemoryDetector detector) {
        this.detector = detector;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("memguard.memory.exhausted", detector, OutOfMemoryDetector::detections)
                .description("OutOfMemoryErrors seen in this JVM (thrown by the JVM, or reported)")
                .register(registry);
    }
}
