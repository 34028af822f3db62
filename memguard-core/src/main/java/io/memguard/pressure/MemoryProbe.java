package io.memguard.pressure;

import java.util.Optional;

/**
 * Reads one kind of memory information (heap, direct buffers, container, system, PSI, GC totals) on demand.
 *
 * <p>The monitor calls a probe from its polling thread and after GC notifications, never concurrently with itself.
 * Tests pass their own probes to {@link DefaultMemoryPressureMonitor.Builder} as suppliers.
 * A probe that throws is logged and treated as empty for that observation.
 *
 * @param <T> the value read
 */
@FunctionalInterface
interface MemoryProbe<T> {

    /**
     * Reads the current value.
     *
     * @return the value, or empty where this machine does not provide it
     */
    Optional<T> read();

    /**
     * Releases what the probe keeps open between readings (the files it reads at every poll). The monitor calls it
     * when it closes; a reading after it still works, without keeping anything open. Keeps nothing by default.
     */
    default void close() {
    }
}
