package io.memguard.admission;

import java.lang.management.ManagementFactory;

import org.jspecify.annotations.Nullable;

/**
 * The bytes the current thread has allocated since it started, from HotSpot's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), where the JVM provides and enables it.
 *
 * <p>The difference of two readings on the same thread is what the code between them allocated, short-lived garbage
 * included: a measure of the memory a request puts through the heap, not of what it retains. Reading costs a few
 * tens of nanoseconds and allocates nothing. Read through {@link RouteCosts#threadAllocatedBytes()}.
 */
final class ThreadAllocation {

    private static final com.sun.management.@Nullable ThreadMXBean THREADS = supported();

    private ThreadAllocation() {
    }

    private static com.sun.management.@Nullable ThreadMXBean supported() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                    && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
                return threads;
            }
        }
        catch (RuntimeException | LinkageError ex) {
            // A JVM without the HotSpot extension (or with java.management absent): not measured.
        }
        return null;
    }

    /**
     * Whether this JVM measures allocation per thread.
     *
     * @return {@code true} where {@link #currentThread()} returns readings
     */
    static boolean isSupported() {
        return THREADS != null;
    }

    /**
     * The bytes the current thread allocated so far.
     *
     * @return the running total, or {@code -1} where this JVM does not measure it
     */
    static long currentThread() {
        return (THREADS != null) ? THREADS.getCurrentThreadAllocatedBytes() : -1;
    }
}
