package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;

class MemoryAlertsTests {

    private final MemoryAlerts alerts = new MemoryAlerts();

    private static MemoryAlert alert(MemoryAlert.Type type) {
        return new MemoryAlert(type, "message", "action", MemoryPressureLevel.HIGH, Instant.EPOCH, Map.of());
    }

    @Test
    void handsEachAlertToEveryListenerAndCountsItByType() {
        List<MemoryAlert> first = new CopyOnWriteArrayList<>();
        List<MemoryAlert> second = new CopyOnWriteArrayList<>();
        alerts.addListener(first::add);
        alerts.addListener(second::add);

        alerts.raise(alert(MemoryAlert.Type.WARNING));
        alerts.raise(alert(MemoryAlert.Type.LEAK_SUSPECTED));
        alerts.raise(alert(MemoryAlert.Type.WARNING));

        assertThat(first).hasSize(3).isEqualTo(second);
        assertThat(alerts.raised(MemoryAlert.Type.WARNING)).isEqualTo(2);
        assertThat(alerts.raised(MemoryAlert.Type.LEAK_SUSPECTED)).isEqualTo(1);
        assertThat(alerts.raised(MemoryAlert.Type.CRITICAL)).isZero();
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillHearTheAlert() {
        alerts.addListener(alert -> {
            throw new IllegalStateException("broken listener");
        });
        List<MemoryAlert> later = new CopyOnWriteArrayList<>();
        alerts.addListener(later::add);

        alerts.raise(alert(MemoryAlert.Type.CRITICAL));

        assertThat(alerts.listenerFailures()).isEqualTo(1);
        assertThat(later).hasSize(1);
    }

    @Test
    void aRemovedListenerHearsNothing() {
        List<MemoryAlert> removed = new CopyOnWriteArrayList<>();
        Consumer<MemoryAlert> listener = removed::add;
        alerts.addListener(listener);
        alerts.removeListener(listener);

        alerts.raise(alert(MemoryAlert.Type.WARNING));

        assertThat(removed).isEmpty();
    }

    @Test
    void detailsKeepTheirOrderAndCannotBeChanged() {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("b", 1);
        details.put("a", 2);
        MemoryAlert alert = new MemoryAlert(MemoryAlert.Type.WARNING, "m", "s", MemoryPressureLevel.HIGH,
                Instant.EPOCH, details);
        details.put("c", 3);

        assertThat(alert.details().keySet()).containsExactly("b", "a");
        org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> alert.details().put("d", 4));
    }
}
