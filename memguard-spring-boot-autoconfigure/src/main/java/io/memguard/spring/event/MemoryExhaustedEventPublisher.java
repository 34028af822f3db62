package io.memguard.spring.event;

import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.diagnostics.OutOfMemoryDetector;

/**
 * Bridges out-of-memory detections to {@link MemoryExhaustedEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class MemoryExhaustedEventPublisher implements Consumer<OutOfMemoryDetector.Detection>, DisposableBean {

    private final OutOfMemoryDetector detector;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing what {@code detector} sees.
     *
     * @param detector  the detector
     * @param publisher where events go
     */
    public MemoryExhaustedEventPublisher(OutOfMemoryDetector detector, ApplicationEventPublisher publisher) {
        this.detector = detector;
        this.publisher = publisher;
        detector.addListener(this);
    }

    @Override
    public void accept(OutOfMemoryDetector.Detection detection) {
        publisher.publishEvent(new MemoryExhaustedEvent(detector, detection));
    }

    @Override
    public void destroy() {
        detector.removeListener(this);
    }
}
