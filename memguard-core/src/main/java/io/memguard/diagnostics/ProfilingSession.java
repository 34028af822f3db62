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

    private final long startedNanos;

    private final long threadAllocatedAtStart;

    private final Map<Long, Long> allocatedAtStart;

    private final long collectionsAtStart;

    private final long collectionMillisAtStart;

    private final long heapUsedAtStart;

    private @Nullable Snapshot last;

    ProfilingSession(MemoryProfiler profiler, String name) {
        this.profiler = profiler;
        this.name = name;
        this.threadId = Thread.currentThread().getId();
        this.started = profiler.clock().instant();
        this.startedNanos = profiler.ticker().getAsLong();
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
    public synchronized Snapshot snapshot() {
        return last != null ? last : measure(false);
    }

    /**
     * Ends the session.
     *
     * @return the final snapshot
     * @throws IllegalStateException if the session was already stopped
     */
    public synchronized Snapshot stop() {
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

    private Snapshot measure(boolean stopping) {
        Map<Long, Long> allocatedNow = profiler.allocatedBytesByThread();
        long allThreads = 0;
        for (Map.Entry<Long, Long> thread : allocatedNow.entrySet()) {
            allThreads += thread.getValue() - allocatedAtStart.getOrDefault(thread.getKey(), 0L);
        }
        long ownThread = allocatedNow.getOrDefault(threadId, threadAllocatedAtStart) - threadAllocatedAtStart;
        Duration elapsed = Duration.ofNanos(profiler.ticker().getAsLong() - startedNanos);
        return new Snapshot(name, started, elapsed, ownThread, allThreads,
                profiler.collections() - collectionsAtStart,
                Duration.ofMillis(profiler.collectionMillis() - collectionMillisAtStart), heapUsedAtStart,
                profiler.heapUsed(), stopping);
    }

    /**
     * What happened to memory since a {@link ProfilingSession} started.
     *
     * @param name                     the session's name
     * @param started                  when the session started
     * @param elapsed                  time since it started
     * @param threadAllocatedBytes     bytes allocated by the thread that started the session
     * @param allThreadsAllocatedBytes bytes allocated by all threads alive now (a thread that ended during the
     *                                 session is missing: its counter is gone)
     * @param collections              collections run, all collectors together
     * @param collectionTime           time spent in those collections
     * @param heapUsedAtStartBytes     heap in use when the session started
     * @param heapUsedBytes            heap in use now (garbage included, so only a rough figure between
     *                                 collections)
     * @param stopped                  whether this is the final snapshot of a stopped session
     * @since 0.1.0
     */
    public record Snapshot(String name, Instant started, Duration elapsed, long threadAllocatedBytes,
            long allThreadsAllocatedBytes, long collections, Duration collectionTime, long heapUsedAtStartBytes,
            long heapUsedBytes, boolean stopped) {
    }
}
