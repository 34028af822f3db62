package io.memguard.pressure;

/**
 * Watches the memory signals of this JVM and maintains the current {@link MemoryPressureLevel}.
 *
 * <p>{@link #level()} is meant for hot paths: it is a single volatile read, with no lock and no
 * allocation. Everything else may do more work.
 *
 * @since 0.1.0
 */
public interface MemoryPressureMonitor {

    /**
     * The current level. One volatile read; safe to call on every request.
     *
     * @return the current memory pressure level
     */
    MemoryPressureLevel level();

    /**
     * The most recent complete observation.
     *
     * @return an immutable snapshot of every signal, the level and GC activity
     */
    MemorySnapshot snapshot();

    /**
     * Registers a listener told of every level change from now on.
     *
     * @param listener the listener; not {@code null}
     */
    void addListener(MemoryPressureListener listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeListener(MemoryPressureListener listener);
}
