package io.memguard.pressure;

/**
 * A source of memory pressure that memguard can observe. Each signal is reported as a ratio of its own
 * limit, and only where the running machine provides it.
 *
 * @since 0.1.0
 */
public enum MemorySignal {

    /**
     * Occupancy of the long-lived heap pools right after the last collection (the live set), over the live set the
     * running collector can hold: the pools' limit minus the collector's reserve (G1's reserve and evacuation room,
     * Shenandoah's evacuation reserve...).
     */
    HEAP_AFTER_GC("heap-after-gc"),

    /** Heap used over heap max right now, garbage included. */
    HEAP("heap"),

    /** Direct (off-heap NIO) buffer memory over its limit. */
    DIRECT("direct"),

    /** The working set of this process's cgroup over the cgroup's memory limit. */
    CONTAINER("container"),

    /** Host memory in use over host total, from the operating system. */
    SYSTEM("system"),

    /** Linux pressure stall information for memory: the share of time tasks stalled waiting for memory. */
    PSI("psi"),

    /**
     * The share of wall time the application spent paused for collections the heap forced, over a sliding window,
     * or, where the JVM reports GC CPU time (JDK 26 and later), the share of the JVM's CPU time its collector used
     * over the same window if that is larger; two full collections in the window are CRITICAL on their own.
     */
    GC_OVERHEAD("gc-overhead");

    private final String id;

    MemorySignal(String id) {
        this.id = id;
    }

    /**
     * The name used in properties, JSON and metric tags, such as {@code heap-after-gc}.
     *
     * @return the kebab-case id of this signal
     */
    public String id() {
        return id;
    }

    /**
     * Returns the signal with the given id.
     *
     * @param id a kebab-case id such as {@code container}
     * @return the signal
     * @throws IllegalArgumentException if no signal has that id
     */
    public static MemorySignal ofId(String id) {
        for (MemorySignal signal : values()) {
            if (signal.id.equals(id)) {
                return signal;
            }
        }
        throw new IllegalArgumentException("Unknown memory signal '" + id + "'; known signals are "
                + java.util.Arrays.stream(values()).map(MemorySignal::id).toList());
    }
}
