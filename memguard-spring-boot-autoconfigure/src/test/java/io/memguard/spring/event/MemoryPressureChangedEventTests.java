package io.memguard.spring.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

class MemoryPressureChangedEventTests {

    private final ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE);

    @Test
    void carriesTheChangeAndTheMonitorAsSource() {
        MemorySnapshot snapshot = MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH);
        MemoryPressureChange change = new MemoryPressureChange(MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH,
                snapshot);
        MemoryPressureChangedEvent event = new MemoryPressureChangedEvent(monitor, change);
        assertThat(event.getSource()).isSameAs(monitor);
        assertThat(event.change()).isSameAs(change);
        assertThat(event.previous()).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(event.current()).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(event.snapshot()).isSameAs(snapshot);
        assertThat(event.drivingSignal()).contains(MemorySignal.HEAP_AFTER_GC);
        assertThat(event.isRising()).isTrue();
        assertThat(event).hasToString("MemoryPressureChangedEvent[MODERATE -> HIGH]");
    }

    @Test
    void hasNoDrivingSignalWhenNoSignalDrives() {
        MemoryPressureChange change = new MemoryPressureChange(MemoryPressureLevel.LOW, MemoryPressureLevel.NONE,
                MemorySnapshot.ofLevel(MemoryPressureLevel.NONE, Instant.EPOCH));
        MemoryPressureChangedEvent event = new MemoryPressureChangedEvent(monitor, change);
        assertThat(event.drivingSignal()).isEmpty();
        assertThat(event.isRising()).isFalse();
    }
}
