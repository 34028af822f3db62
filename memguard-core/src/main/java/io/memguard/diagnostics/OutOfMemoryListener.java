package io.memguard.diagnostics;

/**
 * Told when the JVM is known to have thrown an {@link OutOfMemoryError}, see {@link OutOfMemoryDetector}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OutOfMemoryListener {

    /**
     * Called on the detector's thread, or on the thread that reported the error. Must be quick; an exception
     * thrown here is logged and counted and never stops the detector.
     *
     * @param detection what was seen, and when
     */
    void onOutOfMemory(OutOfMemoryDetection detection);
}
