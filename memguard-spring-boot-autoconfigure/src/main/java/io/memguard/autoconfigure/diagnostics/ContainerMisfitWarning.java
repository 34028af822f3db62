package io.memguard.autoconfigure.diagnostics;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import io.memguard.diagnostics.ContainerMisfit;
import io.memguard.diagnostics.JvmFootprint;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;

/**
 * Logs one warning, once the application is ready, when the JVM is sized larger than its container (see
 * {@link ContainerMisfit}): by then metaspace, code cache and threads are what the running application needs, not
 * what an empty JVM had. The same finding is in the {@code memory} health details and the recommendations.
 *
 * @since 0.1.0
 */
final class ContainerMisfitWarning implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger logger = LoggerFactory.getLogger(ContainerMisfitWarning.class);

    private final MemoryPressureMonitor monitor;

    private final Supplier<JvmFootprint> footprint;

    /**
     * Creates the warning.
     *
     * @param monitor   the monitor whose snapshot holds the container limit
     * @param footprint measures what the JVM may take
     */
    ContainerMisfitWarning(MemoryPressureMonitor monitor, Supplier<JvmFootprint> footprint) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.footprint = Objects.requireNonNull(footprint, "footprint");
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        check().ifPresent(misfit -> logger.warn("memguard: {}", misfit.message()));
    }

    /**
     * Compares the JVM's footprint with the container limit now.
     *
     * @return the misfit, or empty when the JVM fits or there is no container limit
     */
    public Optional<ContainerMisfit> check() {
        MemorySnapshot snapshot = monitor.snapshot();
        ContainerMemory container = (snapshot != null) ? snapshot.container() : null;
        if (container == null) {
            return Optional.empty();
        }
        return ContainerMisfit.check(footprint.get(), container.limitBytes());
    }
}
