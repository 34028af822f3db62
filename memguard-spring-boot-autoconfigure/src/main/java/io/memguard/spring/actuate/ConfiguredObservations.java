package io.memguard.spring.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.MemoryObservations;
import io.memguard.diagnostics.PressureHistoryRecorder;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

/**
 * What the application's configuration and memguard's own components tell about memory: whether GC hints
 * and low-memory mode are enabled, the memory per worker if configured, the worker concurrency of the
 * adaptive limiter, and the pressure history.
 *
 * @since 0.1.0
 */
public final class ConfiguredObservations implements MemoryObservationContributor {

    private final Environment environment;

    private final @Nullable DataSize perWorkerMemory;

    private final @Nullable AdaptiveConcurrencyLimiter limiter;

    private final @Nullable PressureHistoryRecorder history;

    /**
     * Creates the contributor.
     *
     * @param environment     reads the memguard switches
     * @param perWorkerMemory memory one worker needs, or {@code null} if unknown
     * @param limiter         the adaptive concurrency limiter, or {@code null}
     * @param history         the pressure history, or {@code null}
     */
    public ConfiguredObservations(Environment environment, @Nullable DataSize perWorkerMemory,
            @Nullable AdaptiveConcurrencyLimiter limiter, @Nullable PressureHistoryRecorder history) {
        this.environment = environment;
        this.perWorkerMemory = perWorkerMemory;
        this.limiter = limiter;
        this.history = history;
    }

    @Override
    public void contribute(MemoryObservations.Builder observations) {
        observations.gcHintsEnabled(environment.getProperty("memguard.gc.hint-enabled", Boolean.class, false));
        observations.lowMemoryModeEnabled(environment.getProperty("memguard.low-memory.enabled", Boolean.class, true));
        if (perWorkerMemory != null) {
            observations.perWorkerMemoryBytes(perWorkerMemory.toBytes());
        }
        if (limiter != null) {
            observations.workerConcurrency(limiter.maxLimit());
        }
        if (history != null) {
            observations.pressureHistory(history.history());
        }
    }
}
