package io.memguard.spring.event;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.diagnostics.OutOfMemoryDetection;
import io.memguard.diagnostics.OutOfMemoryDetector;
import io.memguard.diagnostics.OutOfMemoryListener;

/**
 * Bridges out-of-memory detections to {@link MemoryExhaustedEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class MemoryExhaustedEventPublisher implements OutOfMemoryListener, DisposableBean {

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
    public void onOutOfMemory(OutOfMemoryDetection detection) {
        publisher.publishEvent(new MemoryExhaustedEvent(detector, detection));
    }

    @Override
    public void destroy() {
        detector.removeListener(this);
    }
}
