package io.memguard.spring.actuate;

import io.memguard.diagnostics.HeapTrendDetector;

/**
 * The {@code leak-trend} section of {@code /actuator/memory}: the heap trend over the leak detection window.
 *
 * @since 0.1.0
 */
public final class LeakTrendEndpointSection implements MemoryEndpointSection {

    private final HeapTrendDetector detector;

    private final long windowSeconds;

    /**
     * Creates the section.
     *
     * @param detector      the detector to describe
     * @param windowSeconds the detector's window, in seconds
     */
    public LeakTrendEndpointSection(HeapTrendDetector detector, long windowSeconds) {
        this.detector = detector;
        this.windowSeconds = windowSeconds;
    }

    @Override
    public String name() {
        return "leak-trend";
    }

    @Override
    public HeapTrendDescriptor describe() {
        return HeapTrendDescriptor.of(detector.trend(), windowSeconds);
    }
}
