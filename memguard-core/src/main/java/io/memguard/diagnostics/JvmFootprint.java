package io.memguard.diagnostics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * What the JVM may take from its container besides what it allocates for the application: the max heap, the
 * direct-memory limit, and a measured estimate of the rest (metaspace and code cache as committed now, and one
 * stack per live thread). The sum is what must fit under the container's memory limit, or the kernel kills the
 * process before the JVM runs out of memory.
 *
 * @param maxHeapBytes        the max heap ({@code -Xmx} or {@code -XX:MaxRAMPercentage})
 * @param directLimitBytes    the limit of direct buffers ({@code -XX:MaxDirectMemorySize})
 * @param directLimitImplicit whether that limit is the JVM's default, which is the max heap: lowering the heap lowers
 *                            it too
 * @param nonHeapBytes        the non-heap memory committed now (metaspace, compressed class space, code cache)
 * @param threadStackBytes    live threads times {@code -XX:ThreadStackSize}
 * @since 0.1.0
 */
public record JvmFootprint(long maxHeapBytes, long directLimitBytes, boolean directLimitImplicit, long nonHeapBytes,
        long threadStackBytes) {

    /** HotSpot's thread stack size on 64-bit Linux, where the flag reads 0 ("the platform's default"). */
    private static final long DEFAULT_STACK_BYTES = 1024 * 1024;

    public JvmFootprint {
        requireNotNegative(maxHeapBytes, "maxHeapBytes");
        requireNotNegative(directLimitBytes, "directLimitBytes");
        requireNotNegative(nonHeapBytes, "nonHeapBytes");
        requireNotNegative(threadStackBytes, "threadStackBytes");
    }

    private static void requireNotNegative(long bytes, String name) {
        if (bytes < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + bytes);
        }
    }

    /**
     * Measures this JVM now.
     *
     * @return the footprint
     */
    public static JvmFootprint ofThisJvm() {
        return of(ManagementFactory.getMemoryMXBean(), ManagementFactory.getThreadMXBean(),
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
    }

    /**
     * Measures a JVM through its management beans.
     *
     * @param memory  the memory bean: max heap and committed non-heap memory
     * @param threads the thread bean: the live threads
     * @param hotSpot the HotSpot diagnostic bean for {@code MaxDirectMemorySize} and {@code ThreadStackSize}, or
     *                {@code null} on a JVM without one (the direct limit is then taken as the max heap)
     * @return the footprint
     */
    public static JvmFootprint of(MemoryMXBean memory, ThreadMXBean threads, HotSpotDiagnosticMXBean hotSpot) {
        long maxHeap = Math.max(0, memory.getHeapMemoryUsage().getMax());
        long nonHeap = Math.max(0, memory.getNonHeapMemoryUsage().getCommitted());
        long directFlag = flag(hotSpot, "MaxDirectMemorySize", 0);
        long stackKb = flag(hotSpot, "ThreadStackSize", 0);
        long stack = (stackKb > 0) ? stackKb * 1024 : DEFAULT_STACK_BYTES;
        boolean implicit = directFlag <= 0;
        return new JvmFootprint(maxHeap, implicit ? maxHeap : directFlag, implicit, nonHeap,
                Math.max(0, threads.getThreadCount()) * stack);
    }

    private static long flag(HotSpotDiagnosticMXBean hotSpot, String name, long otherwise) {
        if (hotSpot == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(hotSpot.getVMOption(name).getValue());
        }
        catch (RuntimeException ex) {
            return otherwise;
        }
    }

    /**
     * What the JVM beside the heap and direct buffers is estimated to need: non-heap memory and thread stacks.
     *
     * @return the bytes
     */
    public long otherBytes() {
        return nonHeapBytes + threadStackBytes;
    }

    /**
     * Everything the JVM may take: heap, direct buffers, non-heap memory and thread stacks.
     *
     * @return the bytes
     */
    public long totalBytes() {
        return maxHeapBytes + directLimitBytes + otherBytes();
    }
}
