package io.memguard.pressure;

import java.util.function.Consumer;

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
     * Registers a listener told of every level change from now on, with the previous level, the new level and the
     * snapshot that caused the change.
     *
     * <p>Listeners run on the thread that detected the change (the monitor's polling thread, which also handles GC
     * notifications, or a thread that asked for a refresh): they must be quick and must not block. A listener that
     * throws is logged and counted, and the monitor and the other listeners carry on.
     *
     * @param listener the listener; not {@code null}
     */
    void addListener(Consumer<MemoryPressureChange> listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeListener(Consumer<MemoryPressureChange> listener);
}
