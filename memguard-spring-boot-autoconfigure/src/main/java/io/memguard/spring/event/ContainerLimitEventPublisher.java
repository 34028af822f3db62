package io.memguard.spring.event;

import java.util.function.Consumer;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.DefaultMemoryPressureMonitor;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Bridges the monitor's container limit changes to Spring: each is published as a
 * {@link ContainerLimitChangedEvent}. Registers itself with the monitor when created and unregisters when closed.
 *
 * @since 0.2.0
 */
public final class ContainerLimitEventPublisher implements AutoCloseable {

    private final DefaultMemoryPressureMonitor monitor;

    private final ApplicationEventPublisher publisher;

    private final Consumer<ContainerLimitChange> listener = this::publish;

    /**
     * Creates the bridge and registers it with {@code monitor}.
     *
     * @param monitor   the monitor whose container limit changes are published
     * @param publisher where the events go, usually the application context
     */
    public ContainerLimitEventPublisher(DefaultMemoryPressureMonitor monitor, ApplicationEventPublisher publisher) {
        this.monitor = monitor;
        this.publisher = publisher;
        monitor.addContainerLimitListener(listener);
    }

    private void publish(ContainerLimitChange change) {
        publisher.publishEvent(new ContainerLimitChangedEvent(monitor, change));
    }

    /**
     * Stops publishing: unregisters from the monitor.
     */
    @Override
    public void close() {
        monitor.removeContainerLimitListener(listener);
    }
}
