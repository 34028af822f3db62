package io.memguard.autoconfigure;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;

/**
 * Keeps a feature's {@link MemoryPressureListener} registered with the application's
 * {@link MemoryPressureMonitor} for as long as this bean lives, when there is a monitor at all.
 *
 * <p>On subscribing, the listener is told the current level if it is above {@code NONE}, so that a component
 * created while memory is already short acts at once. Closing the bean (with its application context) removes
 * the listener.
 *
 * @since 0.1.0
 */
public final class MemoryPressureSubscription implements AutoCloseable {

    private final @Nullable MemoryPressureMonitor monitor;

    private final MemoryPressureListener listener;

    /**
     * Subscribes {@code listener} to the monitor {@code monitors} provides, if it provides one.
     *
     * @param monitors the application's monitor, if any
     * @param listener the feature component that reacts to pressure
     */
    public MemoryPressureSubscription(ObjectProvider<MemoryPressureMonitor> monitors, MemoryPressureListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.monitor = monitors.getIfAvailable();
        if (monitor != null) {
            monitor.addListener(listener);
            MemoryPressureLevel level = monitor.level();
            if (level != MemoryPressureLevel.NONE) {
                listener.onPressureChange(new MemoryPressureChange(MemoryPressureLevel.NONE, level, monitor.snapshot()));
            }
        }
    }

    /**
     * Whether a monitor was found and the listener subscribed.
     *
     * @return {@code true} if the listener hears of level changes
     */
    public boolean isSubscribed() {
        return monitor != null;
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.removeListener(listener);
        }
    }
}
