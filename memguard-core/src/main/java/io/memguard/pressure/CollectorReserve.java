package io.memguard.pressure;

import java.util.Locale;
import java.util.function.Function;

/**
 * The part of the heap the running collector cannot fill with live data without failing, read from the JVM's own
 * flags: the {@code heap-after-gc} signal judges the live set against the long-lived pools' limit minus this reserve,
 * so that its thresholds are reached before the collector runs out, not at a ratio it never gets to.
 *
 * <ul>
 * <li>G1 keeps {@code G1ReservePercent} of the heap free for evacuation, needs a young generation of at least
 * {@code G1NewSizePercent} of the heap to allocate into, and free regions to copy that young generation's survivors
 * into (as much again when all of it survives, as memory held by in-flight requests does).</li>
 * <li>Parallel throws {@code OutOfMemoryError} once less than {@code GCHeapFreeLimit} percent of the heap is free
 * after a full collection that took most of the time ({@code UseGCOverheadLimit}).</li>
 * <li>Shenandoah keeps {@code ShenandoahEvacReserve} percent of the heap to evacuate into.</li>
 * <li>ZGC keeps one small page (2 MiB) per GC worker thread to relocate into.</li>
 * <li>Serial and collectors memguard does not know: no reserve.</li>
 * </ul>
 * Flags are read from the running JVM; an experimental flag it does not expose (G1NewSizePercent,
 * ShenandoahEvacReserve, unless {@code -XX:+UnlockExperimentalVMOptions}) counts with its JDK default.
 */
final class CollectorReserve {

    /** JDK default of the experimental {@code G1NewSizePercent}. */
    private static final int G1_NEW_SIZE_PERCENT_DEFAULT = 5;

    /** JDK default of the experimental {@code ShenandoahEvacReserve}. */
    private static final int SHENANDOAH_EVAC_RESERVE_DEFAULT = 5;

    /** ZGC's small page size: the unit it relocates objects into. */
    private static final long Z_SMALL_PAGE_BYTES = 2L * 1024 * 1024;

    private final Function<String, String> flags;

    CollectorReserve() {
        this(VmOptions::value);
    }

    /**
     * @param flags the value of a VM flag by name, {@code null} where the JVM does not expose it
     */
    CollectorReserve(Function<String, String> flags) {
        this.flags = flags;
    }

    /**
     * The reserve of the running collector.
     *
     * @param maxHeapBytes the heap limit ({@code -Xmx})
     * @return bytes of the heap the live set cannot use; 0 where unknown
     */
    long bytes(long maxHeapBytes) {
        if (maxHeapBytes <= 0) {
            return 0;
        }
        if (isOn("UseG1GC")) {
            long percent = number("G1ReservePercent", 0) + 2 * number("G1NewSizePercent", G1_NEW_SIZE_PERCENT_DEFAULT);
            return maxHeapBytes * Math.min(percent, 100) / 100;
        }
        if (isOn("UseParallelGC")) {
            return isOn("UseGCOverheadLimit") ? maxHeapBytes * Math.min(number("GCHeapFreeLimit", 0), 100) / 100 : 0;
        }
        if (isOn("UseShenandoahGC")) {
            return maxHeapBytes * Math.min(number("ShenandoahEvacReserve", SHENANDOAH_EVAC_RESERVE_DEFAULT), 100)
                    / 100;
        }
        if (isOn("UseZGC")) {
            long workers = Math.max(number("ConcGCThreads", 1), number("ParallelGCThreads", 1));
            return Math.min(maxHeapBytes / 2, workers * Z_SMALL_PAGE_BYTES);
        }
        return 0;
    }

    private boolean isOn(String flag) {
        return "true".equals(flags.apply(flag));
    }

    private long number(String flag, long fallback) {
        String value = flags.apply(flag);
        if (value == null) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim().toLowerCase(Locale.ROOT)));
        }
        catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
