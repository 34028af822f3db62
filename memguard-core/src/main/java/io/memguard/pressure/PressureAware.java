package io.memguard.pressure;

/**
 * A memguard component that adapts to memory pressure: a pool that stops retaining, a buffer that shrinks, a
 * quota that evicts, a limiter that lowers its limit.
 *
 * <p>Memguard calls {@link #onPressureLevel}; application code does not. The level a component is told is its
 * <em>effective</em> level, which {@code io.memguard.protect.EffectivePressure} computes in one place: the level the
 * {@link MemoryPressureMonitor} measured, raised to the component's {@link #lowMemoryFloor()} while low-memory
 * mode is on. A component is subscribed once (in Spring Boot every {@code PressureAware} bean is, by memguard's
 * auto-configuration; in plain Java with {@code EffectivePressure.subscribe}), and is told the effective level at
 * once if it is above {@code NONE}, so that a component created while memory is already short acts at once.
 *
 * <p>To react to pressure in application code, add a listener to the monitor ({@link MemoryPressureMonitor#addListener}) or, in Spring
 * Boot, to its application events.
 *
 * @since 0.1.0
 */
public interface PressureAware {

    /**
     * Called when the component's effective level changes. Calls are never concurrent and arrive in order; they
     * run on the thread that changed an input (the monitor's polling thread, or a thread that switched low-memory
     * mode), so they must be quick and must not block. A call that throws is logged and counted, and memguard
     * carries on.
     *
     * @param previous the level this component was told before, {@code NONE} on its first call
     * @param current  the effective level now; never equal to {@code previous}
     */
    void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current);

    /**
     * The least level this component is told while low-memory mode is on; {@code NONE} (the default) when the mode
     * does not concern it. Pools answer {@code CRITICAL} (stop retaining, let everything go); ring buffers, caches
     * and quotas {@code HIGH} (shrink, or evict to the soft threshold). Read once, when the component is subscribed.
     *
     * @return the floor low-memory mode sets for this component
     */
    default MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.NONE;
    }
}
