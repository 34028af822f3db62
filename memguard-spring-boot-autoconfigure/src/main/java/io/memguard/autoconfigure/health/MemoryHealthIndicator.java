package io.memguard.autoconfigure.health;

import java.util.Locale;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.SignalReading;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code memory} health contributor: UP from NONE through MODERATE, a configurable status (UP by default)
 * with a warning at HIGH, and a configurable status (OUT_OF_SERVICE by default) at CRITICAL. The details carry
 * the level and the signal that drives it.
 *
 * @since 0.1.0
 */
public final class MemoryHealthIndicator implements HealthIndicator {

    private final MemoryPressureMonitor monitor;

    private final Status highStatus;

    private final Status criticalStatus;

    /**
     * Creates the indicator.
     *
     * @param monitor        the monitor whose level is reported
     * @param highStatus     the status at HIGH
     * @param criticalStatus the status at CRITICAL
     */
    public MemoryHealthIndicator(MemoryPressureMonitor monitor, Status highStatus, Status criticalStatus) {
        this.monitor = monitor;
        this.highStatus = highStatus;
        this.criticalStatus = criticalStatus;
    }

    @Override
    public Health health() {
        MemorySnapshot snapshot = monitor.snapshot();
        MemoryPressureLevel level = snapshot.level();
        Health.Builder health = Health.status(statusAt(level)).withDetail("level", level);
        MemorySignal driving = snapshot.drivingSignal();
        if (driving != null) {
            health.withDetail("drivingSignal", driving.id());
            snapshot.signal(driving).ifPresent(reading -> health.withDetail("ratio", reading.ratio()));
        }
        if (level.isAtLeast(MemoryPressureLevel.HIGH)) {
            health.withDetail("warning", warning(level, driving, snapshot));
        }
        return health.build();
    }

    private Status statusAt(MemoryPressureLevel level) {
        return switch (level) {
            case CRITICAL -> criticalStatus;
            case HIGH -> highStatus;
            default -> Status.UP;
        };
    }

    private static String warning(MemoryPressureLevel level, MemorySignal driving, MemorySnapshot snapshot) {
        String cause = (driving != null) ? snapshot.signal(driving).map(MemoryHealthIndicator::describe)
                .orElse(driving.id()) : "no driving signal";
        return "Memory pressure is " + level + " (" + cause + ")";
    }

    private static String describe(SignalReading reading) {
        return String.format(Locale.ROOT, "%s at %.1f%% of its limit", reading.signal().id(),
                reading.ratio() * 100);
    }
}
