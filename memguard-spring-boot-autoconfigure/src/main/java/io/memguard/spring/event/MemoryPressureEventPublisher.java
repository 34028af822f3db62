package io.memguard.spring.event;

import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureMonitor;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Bridges the monitor's level changes to Spring: each change is published as a
 * {@link MemoryPressureChangedEvent}. Registers itself with the monitor when created and unregisters when
 * closed.
 *
 * @since 0.1.0
 */
public final class MemoryPressureEventPublisher implements Consumer<MemoryPressureChange>, AutoCloseable {

    private final MemoryPressureMonitor monitor;

    private final ApplicationEventPublisher publisher;

    /**
     * Creates the bridge and registers it with {@code monitor}.
     *
     * @param monitor   the monitor whose changes are published
     * @param publisher where the events go, usually the application context
     */
    public MemoryPressureEventPublisher(MemoryPressureMonitor monitor, ApplicationEventPublisher publisher) {
        this.monitor = monitor;
        this.publisher = publisher;
        monitor.addListener(this);
    }

    @Override
    public void accept(MemoryPressureChange change) {
        publisher.publishEvent(new MemoryPressureChangedEvent(monitor, change));
    }

    /**
     * Stops publishing: unregisters from the monitor.
     */
    @Override
    public void close() {
        monitor.removeListener(this);
    }
}
