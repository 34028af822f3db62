package io.memguard.autoconfigure.protect;

import java.time.Clock;
import java.util.Objects;

import org.springframework.beans.factory.DisposableBean;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/**
 * Registers one memguard component with the {@link MemoryPressureMonitor} while the application context is
 * open, and unregisters it when the context closes.
 *
 * <p>On registration the component is told the current level at once, as a change from {@code NONE}, so
 * that a component created while pressure is already high does not wait for the next change to act.
 *
 * @since 0.1.0
 */
public final class PressureListenerRegistration implements DisposableBean {

    private final MemoryPressureMonitor monitor;

    private final MemoryPressureListener listener;

    /**
     * Registers {@code listener} with {@code monitor} and tells it the current level.
     *
     * @param monitor  the monitor
     * @param listener the component to register
     * @param clock    stamps the initial change
     */
    public PressureListenerRegistration(MemoryPressureMonitor monitor, MemoryPressureListener listener, Clock clock) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.listener = Objects.requireNonNull(listener, "listener");
        monitor.addListener(listener);
        MemoryPressureLevel level = monitor.level();
        if (level != MemoryPressureLevel.NONE) {
            listener.onPressureChange(new MemoryPressureChange(MemoryPressureLevel.NONE, level,
                    MemorySnapshot.ofLevel(level, clock.instant())));
        }
    }

    /**
     * The registered component.
     *
     * @return the listener
     */
    public MemoryPressureListener listener() {
        return listener;
    }

    @Override
    public void destroy() {
        monitor.removeListener(listener);
    }
}
