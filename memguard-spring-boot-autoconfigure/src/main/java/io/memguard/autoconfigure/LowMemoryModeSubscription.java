package io.memguard.autoconfigure;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeListener;

/**
 * Makes a feature component give memory back while low-memory mode is on, through the component's own pressure
 * reaction rather than a second mechanism: on entering the mode the component is told a level change up to
 * {@code floor} (pools use {@code CRITICAL}: stop retaining and let everything go; ring buffers, caches and quotas
 * use {@code HIGH}: shrink, or evict to the soft threshold), and on leaving it the component is told the change
 * back to the monitor's current level, which restores what the level allows.
 *
 * <p>When the real level is already at or above {@code floor}, the component already acts on it and the mode
 * changes nothing. A level change that arrives while the mode is on reaches the component as usual; the mode does
 * not hold it at {@code floor} until the mode is left. Closing the bean (with its application context) removes
 * the listener from the mode.
 *
 * @since 0.1.0
 */
public final class LowMemoryModeSubscription implements AutoCloseable {

    private final @Nullable LowMemoryMode mode;

    private final LowMemoryModeListener listener;

    /**
     * Subscribes {@code component} to the mode {@code modes} provides, if it provides one.
     *
     * @param modes     the application's low-memory mode, if any
     * @param monitors  the application's pressure monitor, if any: the level restored when the mode is left
     * @param floor     the level the component is told on entering the mode; above {@code NONE}
     * @param component the feature component that reacts to pressure
     */
    public LowMemoryModeSubscription(ObjectProvider<LowMemoryMode> modes,
            ObjectProvider<MemoryPressureMonitor> monitors, MemoryPressureLevel floor,
            MemoryPressureListener component) {
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(component, "component");
        if (floor == MemoryPressureLevel.NONE) {
            throw new IllegalArgumentException("floor must be above NONE, or the mode would change nothing");
        }
        this.mode = modes.getIfAvailable();
        MemoryPressureMonitor monitor = monitors.getIfAvailable();
        Runnable enter = () -> {
            MemoryPressureLevel level = levelOf(monitor);
            if (!level.isAtLeast(floor)) {
                component.onPressureChange(change(level, floor));
            }
        };
        Runnable leave = () -> {
            MemoryPressureLevel level = levelOf(monitor);
            if (!level.isAtLeast(floor)) {
                component.onPressureChange(change(floor, level));
            }
        };
        this.listener = LowMemoryModeListener.of(enter, leave);
        if (mode != null) {
            mode.addListener(listener);
            if (mode.isActive()) {
                enter.run();
            }
        }
    }

    /**
     * Whether a low-memory mode was found and the component hears of it.
     *
     * @return {@code true} if the component gives memory back in low-memory mode
     */
    public boolean isSubscribed() {
        return mode != null;
    }

    @Override
    public void close() {
        if (mode != null) {
            mode.removeListener(listener);
        }
    }

    private static MemoryPressureLevel levelOf(@Nullable MemoryPressureMonitor monitor) {
        return (monitor != null) ? monitor.level() : MemoryPressureLevel.NONE;
    }

    private static MemoryPressureChange change(MemoryPressureLevel from, MemoryPressureLevel to) {
        return new MemoryPressureChange(from, to, MemorySnapshot.ofLevel(to, Instant.now()));
    }
}
