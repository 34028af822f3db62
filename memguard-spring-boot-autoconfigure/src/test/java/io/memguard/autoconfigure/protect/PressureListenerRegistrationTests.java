package io.memguard.autoconfigure.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class PressureListenerRegistrationTests {

    private final List<MemoryPressureChange> changes = new CopyOnWriteArrayList<>();

    @Test
    void registersTheListenerUntilDestroyed() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        PressureListenerRegistration registration = new PressureListenerRegistration(monitor, changes::add,
                Clock.systemUTC());

        monitor.setLevel(MemoryPressureLevel.HIGH);
        registration.destroy();
        monitor.setLevel(MemoryPressureLevel.NONE);

        assertThat(changes).singleElement().extracting(MemoryPressureChange::current)
                .isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void tellsTheListenerTheCurrentLevelAtOnce() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(MemoryPressureLevel.CRITICAL);

        new PressureListenerRegistration(monitor, changes::add, Clock.systemUTC());

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.previous()).isEqualTo(MemoryPressureLevel.NONE);
            assertThat(change.current()).isEqualTo(MemoryPressureLevel.CRITICAL);
        });
    }

    @Test
    void tellsNothingWhenThereIsNoPressure() {
        new PressureListenerRegistration(new ManualMemoryPressureMonitor(), changes::add, Clock.systemUTC());

        assertThat(changes).isEmpty();
    }
}
