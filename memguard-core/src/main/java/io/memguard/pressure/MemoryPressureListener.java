package io.memguard.pressure;

/**
 * Told whenever the memory pressure level changes.
 *
 * <p>Listeners run on the thread that detected the change (the monitor's polling thread, which also handles GC
 * notifications, or a thread that asked for a refresh): they must be quick and must not block. A listener that
 * throws is logged and counted, and the monitor and the other listeners carry on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MemoryPressureListener {

    /**
     * Called after the level changed.
     *
     * @param change the previous level, the new level and the snapshot that caused the change
     */
    void onPressureChange(MemoryPressureChange change);
}
