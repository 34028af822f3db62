package io.memguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

import io.memguard.quota.QuotaController;

/**
 * Measures the heap a tracked stream with no entries retains: builds many streams, collects, and divides the
 * growth of the heap by their number. The stream's id string and its registry node are included.
 *
 * <pre>
 * java -XX:+UseSerialGC -Xmx1g -cp memguard-benchmarks/target/benchmarks.jar io.memguard.benchmarks.QuotaStreamFootprint
 * </pre>
 *
 * @since 0.1.0
 */
public final class QuotaStreamFootprint {

    private static final int STREAMS = 200_000;

    private QuotaStreamFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        measure(1);
        measure(1);
        measure(4);
    }

    private static void measure(int components) throws InterruptedException {
        String[] names = new String[components];
        for (int i = 0; i < components; i++) {
            names[i] = "component-" + i;
        }
        QuotaController quotas = QuotaController.builder().globalLimit(1L << 40).components(names)
                .backgroundExecutor(Runnable::run).build();
        long before = heapUsedAfterCollection();
        for (int i = 0; i < STREAMS; i++) {
            quotas.stream("stream-" + i);
        }
        long after = heapUsedAfterCollection();
        Reference.reachabilityFence(quotas);
        System.out.printf(Locale.ROOT, "%d streams, %d component(s): %.0f bytes per stream (id and registry node included)%n",
                STREAMS, components, (after - before) / (double) STREAMS);
        quotas.close();
    }

    private static long heapUsedAfterCollection() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
