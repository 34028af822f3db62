package io.memguard.internal;

import java.util.function.DoubleConsumer;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * Decides, from the memory pressure level, whether a pool keeps what is given back to it: it trims a share on
 * entering HIGH, lets everything go and stops keeping at CRITICAL, keeps again below CRITICAL, and stops for good
 * once the pool is closed.
 *
 * <p>The pool reads {@link #paused()} (one volatile read) on its release path, after claiming its place, and
 * purges again if it finds retention paused: the flag is set before the purge, so nothing slips in after it.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class PressureRetention {

    private final double highPressureTrim;

    private final DoubleConsumer trim;

    private final Object lock = new Object();

    private volatile boolean paused;

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    private boolean closed;

    /**
     * Creates the switch of one pool.
     *
     * @param highPressureTrim the share let go on entering HIGH
     * @param trim             lets the given share of the pool's retained resources go
     */
    public PressureRetention(double highPressureTrim, DoubleConsumer trim) {
        this.highPressureTrim = highPressureTrim;
        this.trim = trim;
    }

    /**
     * Applies a level change.
     *
     * @param previous the level before: a trim happens only on entering HIGH from below it
     * @param current  the level now
     */
    public void adjustTo(MemoryPressureLevel previous, MemoryPressureLevel current) {
        synchronized (lock) {
            level = current;
            if (current == MemoryPressureLevel.CRITICAL) {
                paused = true;
                trim.accept(1.0);
                return;
            }
            paused = closed;
        }
        if (current == MemoryPressureLevel.HIGH && !previous.isAtLeast(MemoryPressureLevel.HIGH)) {
            trim.accept(highPressureTrim);
        }
    }

    /** Lets everything go and stops keeping, whatever the level does afterwards. */
    public void close() {
        synchronized (lock) {
            closed = true;
            paused = true;
            trim.accept(1.0);
        }
    }

    /**
     * Whether released resources are to be let go instead of kept.
     *
     * @return {@code true} at CRITICAL pressure and after close
     */
    public boolean paused() {
        return paused;
    }

    /**
     * The level of the last change applied.
     *
     * @return the current level as this pool knows it
     */
    public MemoryPressureLevel level() {
        return level;
    }
}
