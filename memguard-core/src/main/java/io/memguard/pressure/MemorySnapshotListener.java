package io.memguard.pressure;

/**
 * Told of every snapshot the monitor publishes, after each poll and after each garbage collection, for a consumer
 * that steers by the readings themselves rather than by level changes (the admission controller's feedback loop).
 *
 * <p>Called on the monitor's refresh thread, one snapshot at a time, in order. Quick and non-blocking; a listener that
 * throws is logged and counted, and the monitor and the other listeners carry on.
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface MemorySnapshotListener {

    /**
     * Called once per refresh, after the snapshot was published.
     *
     * @param snapshot the new snapshot
     */
    void onSnapshot(MemorySnapshot snapshot);
}
