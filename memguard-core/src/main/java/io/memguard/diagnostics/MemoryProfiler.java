package io.memguard.diagnostics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.ThreadMXBean;

/**
 * Measures what code costs in memory: bytes allocated per operation, bytes retained per instance, and what a
 * stretch of work allocated and collected. For tests, benchmarks and a sample app's README, not for
 * production hot paths.
 *
 * <h2>Accuracy</h2>
 * <ul>
 * <li>{@link #allocations}: exact for the code run on the calling thread. The JVM's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) counts every byte the
 * thread allocates, in TLABs or not; the cost of reading the counter itself is measured and subtracted.
 * Allocations the code makes on other threads are not counted, and escape analysis may remove allocations
 * of a warmed-up method that the interpreter would have made, just as in production.</li>
 * <li>{@link #retained}: an estimate. It forces full collections (so it needs explicit GC enabled) and
 * reads the heap in use before and after making the instances, so anything else the JVM allocates or frees
 * meanwhile (other threads, class loading, JIT) is included. Make many instances (10,000 or more), so that
 * noise of a few hundred KiB becomes a few bytes per instance; on a quiet JVM the result is then within a
 * few percent, object headers and alignment included.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class MemoryProfiler {

    private final ThreadMXBean threads;

    private final MemoryMXBean memory;

    private final List<GarbageCollectorMXBean> collectors;

    private final HotSpotDiagnosticMXBean hotSpot;

    private final Clock clock;

    private final LongSupplier ticker;

    private MemoryProfiler(ThreadMXBean threads, MemoryMXBean memory, List<GarbageCollectorMXBean> collectors,
            HotSpotDiagnosticMXBean hotSpot, Clock clock, LongSupplier ticker) {
        this.threads = threads;
        this.memory = memory;
        this.collectors = List.copyOf(collectors);
        this.hotSpot = hotSpot;
        this.clock = clock;
        this.ticker = ticker;
    }

    /**
     * A profiler of this JVM, stamping sessions with the system clock and timing them with
     * {@link System#nanoTime()}.
     *
     * @return the profiler
     * @throws UnsupportedOperationException if this JVM does not count allocations per thread
     */
    public static MemoryProfiler ofThisJvm() {
        return ofThisJvm(Clock.systemUTC(), System::nanoTime);
    }

    /**
     * A profiler of this JVM.
     *
     * @param clock  stamps the start of sessions
     * @param ticker times sessions, in nanoseconds
     * @return the profiler
     * @throws UnsupportedOperationException if this JVM does not count allocations per thread
     */
    public static MemoryProfiler ofThisJvm(Clock clock, LongSupplier ticker) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ticker, "ticker");
        if (!(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            throw new UnsupportedOperationException("This JVM does not count allocated bytes per thread");
        }
        if (!threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        return new MemoryProfiler(threads, ManagementFactory.getMemoryMXBean(),
                ManagementFactory.getGarbageCollectorMXBeans(),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), clock, ticker);
    }

    /**
     * Runs {@code operation} {@code warmUp + operations} times on this thread and measures what the last
     * {@code operations} runs allocated.
     *
     * @param warmUp     runs before measuring, to load classes and let the JIT compile
     * @param operations runs measured; at least 1
     * @param operation  the code to measure
     * @return bytes allocated per operation
     * @throws IllegalArgumentException if {@code warmUp} is negative or {@code operations} below 1
     */
    public AllocationProfile allocations(int warmUp, int operations, Runnable operation) {
        Objects.requireNonNull(operation, "operation");
        if (warmUp < 0) {
            throw new IllegalArgumentException("warmUp must not be negative, was " + warmUp);
        }
        if (operations < 1) {
            throw new IllegalArgumentException("operations must be at least 1, was " + operations);
        }
        for (int i = 0; i < warmUp; i++) {
            operation.run();
        }
        long overhead = threads.getCurrentThreadAllocatedBytes();
        overhead = threads.getCurrentThreadAllocatedBytes() - overhead;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < operations; i++) {
            operation.run();
        }
        long allocated = Math.max(0, threads.getCurrentThreadAllocatedBytes() - before - overhead);
        return new AllocationProfile(operations, allocated, (double) allocated / operations);
    }

    /**
     * Makes {@code instances} objects with {@code factory}, holds them all, and measures how much the heap
     * after a full collection grew: the memory each instance keeps alive (for example per-connection state).
     *
     * @param instances how many to make; at least 1, and 10,000 or more for a precise figure
     * @param factory   makes one instance
     * @return bytes retained per instance
     * @throws IllegalStateException    if the JVM ignores explicit collections ({@code -XX:+DisableExplicitGC})
     * @throws IllegalArgumentException if {@code instances} is below 1
     */
    public RetentionProfile retained(int instances, Supplier<?> factory) {
        Objects.requireNonNull(factory, "factory");
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, was " + instances);
        }
        if (explicitGcDisabled()) {
            throw new IllegalStateException("Measuring retained memory needs full collections, but this JVM runs"
                    + " with -XX:+DisableExplicitGC");
        }
        Object[] held = new Object[instances];
        long before = heapUsedAfterFullCollection();
        for (int i = 0; i < instances; i++) {
            held[i] = factory.get();
        }
        long after = heapUsedAfterFullCollection();
        Reference.reachabilityFence(held);
        long retained = Math.max(0, after - before);
        return new RetentionProfile(instances, retained, (double) retained / instances);
    }

    /**
     * Starts a profiling session on this thread.
     *
     * @param name what is being profiled, such as {@code 1000 SSE subscribers}
     * @return the session
     */
    public ProfilingSession start(String name) {
        return new ProfilingSession(this, Objects.requireNonNull(name, "name"));
    }

    private long heapUsedAfterFullCollection() {
        // Twice: objects with finalizers or reference processing may only go in the second collection.
        memory.gc();
        memory.gc();
        return heapUsed();
    }

    private boolean explicitGcDisabled() {
        try {
            return hotSpot != null && Boolean.parseBoolean(hotSpot.getVMOption("DisableExplicitGC").getValue());
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    Clock clock() {
        return clock;
    }

    LongSupplier ticker() {
        return ticker;
    }

    long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    long collections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    long collectionMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    Map<Long, Long> allocatedBytesByThread() {
        long[] ids = threads.getAllThreadIds();
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (allocated[i] >= 0) { // -1: the thread ended meanwhile
                byThread.put(ids[i], allocated[i]);
            }
        }
        return byThread;
    }

    /**
     * What a piece of code allocated, measured by the allocation counter of the thread that ran it.
     *
     * @param operations         how many times the code ran (after warm-up)
     * @param allocatedBytes     bytes allocated over all those runs
     * @param bytesPerOperation  bytes allocated per run
     * @since 0.1.0
     */
    public record AllocationProfile(long operations, long allocatedBytes, double bytesPerOperation) {
    }

    /**
     * How much heap instances made by a factory keep alive, measured as the growth of the heap after a full
     * collection while they are all held.
     *
     * @param instances        how many instances were made and held
     * @param retainedBytes    the growth of the heap after collection
     * @param bytesPerInstance the growth per instance
     * @since 0.1.0
     */
    public record RetentionProfile(int instances, long retainedBytes, double bytesPerInstance) {
    }
}
