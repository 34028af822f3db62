package io.memguard.spring.actuate;

import java.util.Locale;
import java.util.function.Supplier;

import io.memguard.diagnostics.ContainerMisfit;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.SignalReading;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code memory} health contributor: UP from NONE through MODERATE, a configurable status (UP by default)
 * with a warning at HIGH, and a configurable status (OUT_OF_SERVICE by default) at CRITICAL. The details carry
 * the level and the signal that drives it, and a {@code containerMisfit} warning when the JVM is sized larger than
 * its container (see {@link ContainerMisfit}).
 *
 * @since 0.1.0
 */
public final class MemoryHealthIndicator implements HealthIndicator {

    private final MemoryPressureMonitor monitor;

    private final Status highStatus;

    private final Status criticalStatus;

    private final @Nullable Supplier<JvmFootprint> footprint;

    /**
     * Creates the indicator, without the container misfit check.
     *
     * @param monitor        the monitor whose level is reported
     * @param highStatus     the status at HIGH
     * @param criticalStatus the status at CRITICAL
     */
    public MemoryHealthIndicator(MemoryPressureMonitor monitor, Status highStatus, Status criticalStatus) {
        this(monitor, highStatus, criticalStatus, null);
    }

    /**
     * Creates the indicator.
     *
     * @param monitor        the monitor whose level and container limit are reported
     * @param highStatus     the status at HIGH
     * @param criticalStatus the status at CRITICAL
     * @param footprint      measures what the JVM may take, to compare with the container limit; {@code null} to
     *                       leave that out
     */
    public MemoryHealthIndicator(MemoryPressureMonitor monitor, Status highStatus, Status criticalStatus,
            @Nullable Supplier<JvmFootprint> footprint) {
        this.monitor = monitor;
        this.highStatus = highStatus;
        this.criticalStatus = criticalStatus;
        this.footprint = footprint;
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
        ContainerMemory container = snapshot.container();
        if (footprint != null && container != null) {
            ContainerMisfit.check(footprint.get(), container.limitBytes())
                    .ifPresent(misfit -> health.withDetail("containerMisfit", misfit.message()));
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

    private static String warning(MemoryPressureLevel level, @Nullable MemorySignal driving,
            MemorySnapshot snapshot) {
        String cause = (driving != null) ? snapshot.signal(driving).map(MemoryHealthIndicator::describe)
                .orElse(driving.id()) : "no driving signal";
        return "Memory pressure is " + level + " (" + cause + ")";
    }

    private static String describe(SignalReading reading) {
        return String.format(Locale.ROOT, "%s at %.1f%% of its limit", reading.signal().id(),
                reading.ratio() * 100);
    }
}
