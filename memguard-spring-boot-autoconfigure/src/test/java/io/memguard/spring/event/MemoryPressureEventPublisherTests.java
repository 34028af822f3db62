package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

class MemoryPressureEventPublisherTests {

    private final ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.LOW);

    private final List<Object> published = new ArrayList<>();

    @Test
    void publishesEveryLevelChangeFromTheMonitor() {
        try (MemoryPressureEventPublisher publisher = new MemoryPressureEventPublisher(monitor, published::add)) {
            assertThat(monitor.listeners()).containsExactly(publisher);
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
        MemoryPressureEventPublisher publisher = new MemoryPressureEventPublisher(monitor, published::add);
        publisher.close();
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH));
        assertThat(monitor.listeners()).isEmpty();
        assertThat(published).isEmpty();
    }
}
