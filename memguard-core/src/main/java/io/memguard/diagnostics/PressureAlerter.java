package io.memguard.diagnostics;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Raises a {@link MemoryAlert.Type#WARNING} when the pressure level rises to {@code HIGH} and a
 * {@link MemoryAlert.Type#CRITICAL} when it rises to {@code CRITICAL}. Falling levels and repeated reports
 * of the same level raise nothing, so an operator hears once per episode.
 */
final class PressureAlerter implements PressureAware {

    private final Consumer<MemoryAlert> sink;

    private final Clock clock;

    /**
     * Creates an alerter that raises its alerts on {@code sink}, usually a {@link MemoryAlerts} hub.
     *
     * @param sink  where alerts go
     * @param clock stamps the alerts
     */
    PressureAlerter(Consumer<MemoryAlert> sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        if (current.compareTo(previous) <= 0) {
            return;
        }
        Map<String, Object> details = Map.of("previousLevel", previous.name());
        if (current == MemoryPressureLevel.CRITICAL) {
            sink.accept(new MemoryAlert(MemoryAlert.Type.CRITICAL,
                    "Memory pressure is CRITICAL (was " + previous + "): the JVM is close to running out"
                            + " of memory.",
                    "New work is being shed. If this persists, give the service more memory or lower its"
                            + " concurrency; see /actuator/memory for the driving signal and"
                            + " /actuator/memory/recommendations.",
                    current, clock.instant(), details));
        }
        else if (current == MemoryPressureLevel.HIGH) {
            sink.accept(new MemoryAlert(MemoryAlert.Type.WARNING,
                    "Memory pressure is HIGH (was " + previous + "): memory is short.",
                    "memguard is giving memory back and refusing large requests. Check /actuator/memory for"
                            + " what is growing before it becomes critical.",
                    current, clock.instant(), details));
        }
    }
}
