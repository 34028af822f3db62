package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class EventBridgeTests {

    private final ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.LOW);

    private final List<Object> published = new ArrayList<>();

    @Test
    void publishesEveryLevelChangeFromTheMonitor() {
        try (EventBridge<MemoryPressureChange> bridge = bridge()) {
            assertThat(monitor.listeners()).hasSize(1);
            monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.CRITICAL));
            monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.CRITICAL));
            monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.MODERATE));
        }
        assertThat(published).as("one event per change, none for the repeated CRITICAL").hasSize(2)
                .hasOnlyElementsOfType(MemoryPressureChangedEvent.class);
        MemoryPressureChangedEvent rising = (MemoryPressureChangedEvent) published.get(0);
        MemoryPressureChangedEvent falling = (MemoryPressureChangedEvent) published.get(1);
        assertThat(rising.previous()).isEqualTo(MemoryPressureLevel.LOW);
        assertThat(rising.current()).isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(rising.isRising()).isTrue();
        assertThat(falling.previous()).isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(falling.current()).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(falling.isRising()).isFalse();
        assertThat(falling.snapshot()).isSameAs(falling.change().snapshot());
    }

    @Test
    void closingStopsPublishing() {
        bridge().close();
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH));
        assertThat(monitor.listeners()).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void everyArgumentIsRequired() {
        assertThatNullPointerException().isThrownBy(() -> EventBridge.start(null, monitor::addListener,
                monitor::removeListener, Object::toString)).withMessage("publisher");
        assertThatNullPointerException().isThrownBy(() -> EventBridge.start(published::add, monitor::addListener,
                monitor::removeListener, null)).withMessage("toEvent");
        assertThat(monitor.listeners()).as("nothing registered by a call that failed").isEmpty();
    }

    private EventBridge<MemoryPressureChange> bridge() {
        return EventBridge.start(published::add, monitor::addListener, monitor::removeListener,
                (change) -> new MemoryPressureChangedEvent(monitor, change));
    }
}
