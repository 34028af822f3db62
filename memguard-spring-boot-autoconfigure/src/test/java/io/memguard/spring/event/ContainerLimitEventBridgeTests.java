package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;

class ContainerLimitEventBridgeTests {

    private volatile ContainerMemory container = container(1000);

    private final DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
            .containerProbe(() -> Optional.of(container)).build();

    private final List<Object> published = new ArrayList<>();

    @Test
    void publishesEveryLimitChangeFromTheMonitor() {
        try (EventBridge<ContainerLimitChange> bridge = bridge()) {
            monitor.refresh();
            container = container(800);
            monitor.refresh();
            monitor.refresh();
            container = container(1200);
            monitor.refresh();
        }
        assertThat(published).as("one event per change, none for an unchanged limit").hasSize(2)
                .hasOnlyElementsOfType(ContainerLimitChangedEvent.class);
        ContainerLimitChange lowered = ((ContainerLimitChangedEvent) published.get(0)).change();
        ContainerLimitChange raised = ((ContainerLimitChangedEvent) published.get(1)).change();
        assertThat(lowered.previousLimitBytes()).isEqualTo(1000);
        assertThat(lowered.limitBytes()).isEqualTo(800);
        assertThat(raised.previousLimitBytes()).isEqualTo(800);
        assertThat(raised.limitBytes()).isEqualTo(1200);
        assertThat(((ContainerLimitChangedEvent) published.get(1)).getSource()).isSameAs(monitor);
    }

    @Test
    void closingStopsPublishing() {
        bridge().close();
        monitor.refresh();
        container = container(800);
        monitor.refresh();
        assertThat(monitor.lastContainerLimitChange()).isPresent();
        assertThat(published).isEmpty();
    }

    private EventBridge<ContainerLimitChange> bridge() {
        return EventBridge.start(published::add, monitor::addContainerLimitListener,
                monitor::removeContainerLimitListener, (change) -> new ContainerLimitChangedEvent(monitor, change));
    }

    private static ContainerMemory container(long limit) {
        return new ContainerMemory(2, "/", "/sys/fs/cgroup", 100, 0, 100, limit, -1);
    }
}
