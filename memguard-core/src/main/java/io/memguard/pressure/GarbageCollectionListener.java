package io.memguard.pressure;

/**
 * Told of the first snapshot taken after one or more garbage collections, for consumers that need the heap after
 * every collection rather than level changes only (a heap trend, a leak detector).
 *
 * <p>Called on the monitor's refresh thread, one snapshot at a time, in order. Quick and non-blocking; a listener that
 * throws is logged and counted, and the monitor and the other listeners carry on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface GarbageCollectionListener {

    /**
     * Called once per refresh that saw the collection count grow since the previous one.
     *
     * @param snapshot the snapshot taken after the collection(s); its {@code heap()} holds the heap after them
     */
    void afterGarbageCollection(MemorySnapshot snapshot);
}
