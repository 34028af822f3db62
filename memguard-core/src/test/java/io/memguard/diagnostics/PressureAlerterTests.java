package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;

class PressureAlerterTests {

    private final TestClock clock = new TestClock();

    private final List<MemoryAlert> alerts = new CopyOnWriteArrayList<>();

    private final PressureAlerter alerter = new PressureAlerter(alerts::add, clock);

    private void change(MemoryPressureLevel previous, MemoryPressureLevel current) {
        alerter.onPressureLevel(previous, current);
    }

    @Test
    void warnsWhenTheLevelRisesToHigh() {
        change(MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(MemoryAlert.Type.WARNING);
            assertThat(alert.level()).isEqualTo(MemoryPressureLevel.HIGH);
            assertThat(alert.timestamp()).isEqualTo(clock.instant());
            assertThat(alert.message()).isEqualTo("Memory pressure is HIGH (was MODERATE): memory is short.");
            assertThat(alert.suggestedAction()).contains("/actuator/memory");
            assertThat(alert.details()).containsEntry("previousLevel", "MODERATE");
        });
    }

    @Test
    void raisesCriticalWhenTheLevelRisesToCritical() {
        change(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(MemoryAlert.Type.CRITICAL);
            assertThat(alert.message()).startsWith("Memory pressure is CRITICAL (was NONE)");
            assertThat(alert.suggestedAction()).contains("/actuator/memory/recommendations");
        });
    }

    @Test
    void staysQuietOnFallingLevelsAndBelowHigh() {
        change(MemoryPressureLevel.NONE, MemoryPressureLevel.MODERATE);
        change(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.HIGH);
        change(MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE);

        assertThat(alerts).isEmpty();
    }
}
