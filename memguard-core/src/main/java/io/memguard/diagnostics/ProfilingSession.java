package io.memguard.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A profiling session started by {@link MemoryProfiler#start(String)}: take {@link #snapshot()}s while it
 * runs, and {@link #stop()} it for the final one. Safe to use from several threads.
 *
 * @since 0.1.0
 */
public final class ProfilingSession {

    private final MemoryProfiler profiler;

    private final String name;

    private final long threadId;

    private final Instant started;

    private final long threadAllocatedAtStart;

    private final Map<Long, Long> allocatedAtStart;

    private final long collectionsAtStart;

    private final long collectionMillisAtStart;

    private final long heapUsedAtStart;

    private @Nullable ProfilingSnapshot last;

    ProfilingSession(MemoryProfiler profiler, String name) {
        this.profiler = profiler;
        this.name = name;
        this.threadId = Thread.currentThread().getId();
        this.started = profiler.clock().instant();
        this.allocatedAtStart = profiler.allocatedBytesByThread();
        this.threadAllocatedAtStart = allocatedAtStart.getOrDefault(threadId, 0L);
        this.collectionsAtStart = profiler.collections();
        this.collectionMillisAtStart = profiler.collectionMillis();
        this.heapUsedAtStart = profiler.heapUsed();
    }

    /**
     * The session's name.
     *
     * @return the name given when it started
     */
    public String name() {
        return name;
    }

    /**
     * What happened since the session started; after {@link #stop()}, the final snapshot.
     *
     * @return the snapshot
     */
    public synchronized ProfilingSnapshot snapshot() {
        return last != null ? last : measure(false);
    }

    /**
     * Ends the session.
     *
     * @return the final snapshot
     * @throws IllegalStateException if the session was already stopped
     */
    public synchronized ProfilingSnapshot stop() {
        if (last != null) {
            throw new IllegalStateException("Profiling session '" + name + "' was already stopped");
        }
        last = measure(true);
        return last;
    }

    /**
     * Whether {@link #stop()} was called.
     *
     * @return {@code true} once stopped
     */
    public synchronized boolean isStopped() {
        return last != null;
    }

    private ProfilingSnapshot measure(boolean stopping) {
        Map<Long, Long> allocatedNow = profiler.allocatedBytesByThread();
        long allThreads = 0;
        for (Map.Entry<Long, Long> thread : allocatedNow.entrySet()) {
            allThreads += thread.getValue() - allocatedAtStart.getOrDefault(thread.getKey(), 0L);
        }
        long ownThread = allocatedNow.getOrDefault(threadId, threadAllocatedAtStart) - threadAllocatedAtStart;
        Instant now = profiler.clock().instant();
        return new ProfilingSnapshot(name, started, Duration.between(started, now), ownThread, allThreads,
                profiler.collections() - collectionsAtStart,
                Duration.ofMillis(profiler.collectionMillis() - collectionMillisAtStart), heapUsedAtStart,
                profiler.heapUsed(), stopping);
    }
}
