package io.memguard.spring.event;

import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.diagnostics.OutOfMemoryDetector;

/**
 * Publishes {@link LivenessState#BROKEN} through Spring Boot's availability events when the JVM has thrown an
 * {@link OutOfMemoryError}, so that the liveness probe fails and the orchestrator restarts the instance. It is never
 * undone: nothing tells that the JVM has recovered from an error that may have left any object half-updated.
 *
 * @since 0.1.0
 */
public final class OutOfMemoryLivenessPublisher implements Consumer<OutOfMemoryDetector.Detection>, DisposableBean {

    private final OutOfMemoryDetector detector;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts listening to {@code detector}.
     *
     * @param detector  the detector
     * @param publisher where availability events go
     */
    public OutOfMemoryLivenessPublisher(OutOfMemoryDetector detector, ApplicationEventPublisher publisher) {
        this.detector = detector;
        this.publisher = publisher;
        detector.addListener(this);
    }

    @Override
    public void accept(OutOfMemoryDetector.Detection detection) {
        AvailabilityChangeEvent.publish(publisher, this, LivenessState.BROKEN);
    }

    @Override
    public void destroy() {
        detector.removeListener(this);
    }
}
