package io.memguard.pressure;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why the free ratios, and why only under container pressure
 * -----------------------------------------------------------
 * A container's working set includes every heap page the collector has touched, used or not. When -Xmx is larger than
 * what the container has left for the heap, the collector can fill the container on its own after requests are shed:
 * measured with G1 (docs/container.md), the working set kept growing for seconds after CRITICAL as G1 committed more
 * heap, some of it at Remark to keep MinHeapFreeRatio (40%) of the heap free, and placed new regions in those never
 * touched pages.
 *
 * MinHeapFreeRatio and MaxHeapFreeRatio are "manageable" HotSpot flags: they may be changed while the JVM runs, and
 * G1 (at Remark and after a full collection), Serial and Parallel read them whenever they resize the heap. Lowering
 * MinHeapFreeRatio stops that growth; lowering MaxHeapFreeRatio makes the next such resize give the excess committed
 * heap back to the operating system (G1 uncommits it concurrently). Outside pressure the JVM's own values are kept:
 * free heap is what makes collections rare, and a container with room left has no reason to pay for more of them.
 *
 * What it cannot do: G1 also grows the heap after a young collection when collections take much of the time
 * (GCTimeRatio, not manageable), and measured, that was most of the growth; no flag that G1 of JDK 17 or 25 honours
 * at run time caps the committed heap below -Xmx (SoftMaxHeapSize is manageable, but G1 ignores it in both).
 */
/**
 * Lowers the JVM's {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} while a memory-limited container is under
 * pressure (from a configurable level), so that the collector stops committing heap the container has no room for
 * and gives the excess back at its next heap resize; restores the JVM's own values once the level has fallen to an
 * exit level.
 *
 * <p>A {@link PressureAware} component told the measured level (low-memory mode does not concern it). Writes the
 * flags from the thread that delivers the level change; {@link #close()} puts them back. Where the JVM has no such manageable flags (not
 * HotSpot, or a JVM that refuses the values), it logs once and does nothing from then on.
 *
 * @since 0.1.0
 */
public final class HeapFreeRatioLimiter implements PressureAware, AutoCloseable {

    static final String MIN_FLAG = "MinHeapFreeRatio";

    static final String MAX_FLAG = "MaxHeapFreeRatio";

    private static final Logger logger = LoggerFactory.getLogger(HeapFreeRatioLimiter.class);

    private final MemoryPressureLevel fromLevel;

    private final MemoryPressureLevel exitLevel;

    private final int minFreeRatio;

    private final int maxFreeRatio;

    private final VmFlags flags;

    private final BooleanSupplier inContainer;

    // Guarded by this: the JVM's own values while limited, null otherwise.
    private @Nullable String originalMin;

    private @Nullable String originalMax;

    private boolean unavailable;

    private long applications;

    /**
     * Creates a limiter that writes this JVM's flags.
     *
     * @param fromLevel    the level from which the ratios are lowered; not NONE
     * @param exitLevel    the level at or below which the JVM's own ratios come back; below {@code fromLevel}
     * @param minFreeRatio {@code MinHeapFreeRatio} under pressure, 0 to 100
     * @param maxFreeRatio {@code MaxHeapFreeRatio} under pressure, {@code minFreeRatio} to 100
     * @param inContainer  whether the JVM runs in a memory-limited container now, asked at each level change (for
     *                     example {@code () -> monitor.snapshot().container() != null})
     * @return the limiter
     * @throws IllegalArgumentException naming the argument that is out of range
     */
    public static HeapFreeRatioLimiter forRunningJvm(MemoryPressureLevel fromLevel, MemoryPressureLevel exitLevel,
            int minFreeRatio, int maxFreeRatio, BooleanSupplier inContainer) {
        return new HeapFreeRatioLimiter(fromLevel, exitLevel, minFreeRatio, maxFreeRatio, HotSpotFlags.INSTANCE,
                inContainer);
    }

    HeapFreeRatioLimiter(MemoryPressureLevel fromLevel, MemoryPressureLevel exitLevel, int minFreeRatio,
            int maxFreeRatio, VmFlags flags, BooleanSupplier inContainer) {
        this.fromLevel = Objects.requireNonNull(fromLevel, "fromLevel");
        this.exitLevel = Objects.requireNonNull(exitLevel, "exitLevel");
        if (fromLevel == MemoryPressureLevel.NONE) {
            throw new IllegalArgumentException("fromLevel must be LOW or above, was NONE");
        }
        if (exitLevel.compareTo(fromLevel) >= 0) {
            throw new IllegalArgumentException("exitLevel must be below fromLevel (" + fromLevel + "), was "
                    + exitLevel);
        }
        if (minFreeRatio < 0 || minFreeRatio > 100) {
            throw new IllegalArgumentException("minFreeRatio must be in [0..100], was " + minFreeRatio);
        }
        if (maxFreeRatio < minFreeRatio || maxFreeRatio > 100) {
            throw new IllegalArgumentException("maxFreeRatio must be in [minFreeRatio (" + minFreeRatio
                    + ")..100], was " + maxFreeRatio);
        }
        this.minFreeRatio = minFreeRatio;
        this.maxFreeRatio = maxFreeRatio;
        this.flags = Objects.requireNonNull(flags, "flags");
        this.inContainer = Objects.requireNonNull(inContainer, "inContainer");
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        boolean inContainer = this.inContainer.getAsBoolean();
        synchronized (this) {
            if (unavailable) {
                return;
            }
            if (!isLimited() && inContainer && current.compareTo(fromLevel) >= 0) {
                limit(current);
            }
            // Not at the first fall below fromLevel: measured, releasing heap lowers the working set, the level falls
            // a step, and G1's next Remark at 40% free committed tens of MiB again while the container was still full.
            else if (isLimited() && (!inContainer || current.compareTo(exitLevel) <= 0)) {
                restore(current);
            }
        }
    }

    /**
     * Whether the ratios are lowered now.
     *
     * @return {@code true} between a rise to the from-level and the fall to the exit level
     */
    public synchronized boolean isLimited() {
        return originalMin != null;
    }

    /**
     * How many times the ratios were lowered since start.
     *
     * @return the count
     */
    public synchronized long applications() {
        return applications;
    }

    /** Puts the JVM's own ratios back if they are lowered now, so that nothing outlives the application's use. */
    @Override
    public synchronized void close() {
        if (isLimited()) {
            restore(null);
        }
    }

    private void limit(MemoryPressureLevel level) {
        String min;
        String max;
        try {
            min = flags.get(MIN_FLAG);
            max = flags.get(MAX_FLAG);
            Integer.parseInt(max);
        }
        catch (RuntimeException ex) {
            giveUp(ex);
            return;
        }
        // HotSpot refuses MinHeapFreeRatio > MaxHeapFreeRatio at every step: write first the one that keeps the order.
        boolean minimumFirst = minFreeRatio <= Integer.parseInt(max);
        String first = minimumFirst ? MIN_FLAG : MAX_FLAG;
        String second = minimumFirst ? MAX_FLAG : MIN_FLAG;
        try {
            flags.set(first, Integer.toString(minimumFirst ? minFreeRatio : maxFreeRatio));
        }
        catch (RuntimeException ex) {
            giveUp(ex);
            return;
        }
        try {
            flags.set(second, Integer.toString(minimumFirst ? maxFreeRatio : minFreeRatio));
        }
        catch (RuntimeException ex) {
            // Nothing half-applied: the first flag goes back to what it was.
            setQuietly(first, minimumFirst ? min : max);
            giveUp(ex);
            return;
        }
        originalMin = min;
        originalMax = max;
        applications++;
        logger.info("memguard: {} in a memory-limited container: heap free ratios lowered to {}..{}% (were {}..{}%), "
                + "so that the collector commits no more heap than it needs and returns the rest", level, minFreeRatio,
                maxFreeRatio, min, max);
    }

    private void restore(@Nullable MemoryPressureLevel level) {
        // Called only while limited, so both saved values are there.
        String min = Objects.requireNonNull(originalMin, "originalMin");
        String max = Objects.requireNonNull(originalMax, "originalMax");
        originalMin = null;
        originalMax = null;
        // Again in the order that keeps the minimum at or below the maximum at every step.
        if (Integer.parseInt(max) >= minFreeRatio) {
            setQuietly(MAX_FLAG, max);
            setQuietly(MIN_FLAG, min);
        }
        else {
            setQuietly(MIN_FLAG, min);
            setQuietly(MAX_FLAG, max);
        }
        logger.info("memguard: {}: heap free ratios back to {}..{}%", (level != null) ? level : "closed", min, max);
    }

    private void setQuietly(String name, String value) {
        try {
            flags.set(name, value);
        }
        catch (RuntimeException ex) {
            logger.warn("memguard: could not set {} back to {}: {}", name, value, ex.toString());
        }
    }

    private void giveUp(RuntimeException ex) {
        unavailable = true;
        logger.warn("memguard: this JVM does not let {} and {} be changed at run time ({}); the heap free ratios stay "
                + "as they are under pressure", MIN_FLAG, MAX_FLAG, ex.toString());
    }

    /** Reads and writes VM flags; a seam for tests. */
    interface VmFlags {

        String get(String name);

        void set(String name, String value);
    }

    /** HotSpot's flags, through its diagnostic bean. */
    private enum HotSpotFlags implements VmFlags {

        INSTANCE;

        @Override
        public String get(String name) {
            return bean().getVMOption(name).getValue();
        }

        @Override
        public void set(String name, String value) {
            bean().setVMOption(name, value);
        }

        private static HotSpotDiagnosticMXBean bean() {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                throw new UnsupportedOperationException("no HotSpotDiagnosticMXBean");
            }
            return bean;
        }
    }
}
