package io.memguard.spring.event;

import org.springframework.context.ApplicationEvent;

import io.memguard.diagnostics.OutOfMemoryDetector;

/**
 * Published when the JVM is known to have thrown an {@link OutOfMemoryError}, wherever it was caught. The process
 * is in an unknown state from then on; by default memguard has already reported its liveness as broken:
 * <pre>{@code
 * @EventListener
 * void onExhausted(MemoryExhaustedEvent event) {
 *     pager.send("restarting: " + event.getDetection().evidence());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class MemoryExhaustedEvent extends ApplicationEvent {

    private final OutOfMemoryDetector.Detection detection;

    /**
     * Creates the event.
     *
     * @param detector  the detector that saw the error
     * @param detection what it saw, and when
     */
    public MemoryExhaustedEvent(OutOfMemoryDetector detector, OutOfMemoryDetector.Detection detection) {
        super(detector);
        this.detection = detection;
    }

    /**
     * What was seen, and when.
     *
     * @return the detection
     */
    public OutOfMemoryDetector.Detection getDetection() {
        return detection;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + detection.evidence() + "]";
    }
}
