package io.memguard.pressure;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;

/**
 * Reads GC totals and allocated bytes of the running JVM.
 *
 * <p>ZGC and Shenandoah expose a "Cycles" bean (concurrent cycles, with their full duration) beside a "Pauses" bean:
 * collections are counted from the cycles and pause time from the pauses, so that neither is counted twice and
 * concurrent work is not reported as pause.
 *
 * <p>The JVM times the end of a collection in milliseconds of its uptime, a monotonic time. The probe gives it as a
 * wall time on the monitor's clock, by its age: the clock's time now less the uptime since the collection ended. The
 * JVM's start time plus the uptime would be off by every step of the wall clock since the JVM started.
 */
final class JvmGcProbe implements MemoryProbe<GcTotals> {

    /**
     * {@code getTotalThreadAllocatedBytes()} (which also counts threads that have ended) is not in the Java 17 API
     * that this class compiles against, though newer JDKs and some JDK 17 builds have it: found at run time, and
     * otherwise replaced by the sum over live threads.
     */
    private static final @Nullable MethodHandle TOTAL_ALLOCATED_BYTES = findTotalAllocatedBytes();

    /**
     * {@code MemoryMXBean.getTotalGcCpuTime()}, added in JDK 26: the CPU time of every collector thread, concurrent
     * work included. Looked up once; absent on JDK 17 to 25, where the GC CPU time is not reported.
     */
    private static final @Nullable MethodHandle TOTAL_GC_CPU_TIME = findTotalGcCpuTime();

    private final List<LastCollection> collectors;

    /** Whether a collector reports its pauses apart from its cycles (ZGC, Shenandoah); the beans never change. */
    private final boolean hasPauseBeans;

    private final com.sun.management.@Nullable ThreadMXBean threads;

    private final Clock clock;

    private final LongSupplier uptimeMillis;

    private final LongSupplier gcCpuNanos;

    JvmGcProbe() {
        this(Clock.systemUTC());
    }

    /**
     * A probe of this JVM.
     *
     * @param clock the clock on which the end of the last collection is given
     */
    JvmGcProbe(Clock clock) {
        this(ManagementFactory.getPlatformMXBeans(GarbageCollectorMXBean.class), ManagementFactory.getThreadMXBean(),
                clock, ManagementFactory.getRuntimeMXBean()::getUptime,
                totalGcCpuTimeOf(ManagementFactory.getMemoryMXBean(), TOTAL_GC_CPU_TIME));
    }

    /**
     * A probe of the given beans.
     *
     * @param clock        the clock on which the end of the last collection is given
     * @param uptimeMillis the JVM's uptime in milliseconds, the time base of the collectors' end times
     * @param gcCpuNanos   the collector's CPU time since start in nanoseconds, negative where not reported
     */
    JvmGcProbe(List<GarbageCollectorMXBean> collectors, ThreadMXBean threads, Clock clock, LongSupplier uptimeMillis,
            LongSupplier gcCpuNanos) {
        this.collectors = collectors.stream().map(LastCollection::new).toList();
        this.hasPauseBeans = collectors.stream().anyMatch(JvmGcProbe::isPauseBean);
        this.threads = (threads instanceof com.sun.management.ThreadMXBean extended
                && extended.isThreadAllocatedMemorySupported()) ? extended : null;
        this.clock = clock;
        this.uptimeMillis = uptimeMillis;
        this.gcCpuNanos = gcCpuNanos;
    }

    /**
     * The GC CPU time that {@code memory} reports through {@code getTotalGcCpuTime} (a handle to it, or {@code null}
     * where the JVM has no such method): {@code -1} where absent, failing, or not available (the JVM answers -1).
     */
    static LongSupplier totalGcCpuTimeOf(MemoryMXBean memory, @Nullable MethodHandle getTotalGcCpuTime) {
        if (getTotalGcCpuTime == null) {
            return () -> -1;
        }
        return () -> {
            try {
                return (long) getTotalGcCpuTime.invoke(memory);
            }
            catch (Throwable ex) {
                return -1;
            }
        };
    }

    @Override
    public Optional<GcTotals> read() {
        long count = 0;
        long pauseMillis = 0;
        long lastEnd = -1;
        for (LastCollection lastCollection : collectors) {
            GarbageCollectorMXBean collector = lastCollection.collector();
            boolean pauseBean = isPauseBean(collector);
            if (!hasPauseBeans || !pauseBean) {
                count += Math.max(0, collector.getCollectionCount());
            }
            if (!hasPauseBeans || pauseBean) {
                pauseMillis += Math.max(0, collector.getCollectionTime());
            }
            GcInfo last = lastCollection.read();
            if (last != null) {
                lastEnd = Math.max(lastEnd, last.getEndTime());
            }
        }
        Instant lastCollectionEnd = (lastEnd >= 0)
                ? clock.instant().minusMillis(Math.max(0, uptimeMillis.getAsLong() - lastEnd)) : null;
        long gcCpu = gcCpuNanos.getAsLong();
        return Optional.of(new GcTotals(count, Duration.ofMillis(pauseMillis), lastCollectionEnd, allocatedBytes(),
                (gcCpu >= 0) ? Duration.ofNanos(gcCpu) : null));
    }

    private long allocatedBytes() {
        if (threads == null || !threads.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        if (TOTAL_ALLOCATED_BYTES != null) {
            try {
                return (long) TOTAL_ALLOCATED_BYTES.invoke(threads);
            }
            catch (Throwable ex) {
                // fall back to the sum over live threads below
            }
        }
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }

    private static @Nullable MethodHandle findTotalAllocatedBytes() {
        try {
            return MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class,
                    "getTotalThreadAllocatedBytes", MethodType.methodType(long.class));
        }
        catch (ReflectiveOperationException ex) {
            return null;
        }
    }

    static @Nullable MethodHandle findTotalGcCpuTime() {
        try {
            return MethodHandles.publicLookup().findVirtual(MemoryMXBean.class, "getTotalGcCpuTime",
                    MethodType.methodType(long.class));
        }
        catch (ReflectiveOperationException ex) {
            return null;
        }
    }

    private static boolean isPauseBean(GarbageCollectorMXBean collector) {
        return collector.getName().endsWith("Pauses");
    }

    @Override
    public String toString() {
        return "gc";
    }
}
