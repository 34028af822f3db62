package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import io.memguard.diagnostics.MemoryObservations;
import io.memguard.diagnostics.PressureHistoryRecorder;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

class ConfiguredObservationsTests {

    private static MemoryObservations observe(ConfiguredObservations contributor) {
        MemoryObservations.Builder observations = MemoryObservations.builder();
        contributor.contribute(observations);
        return observations.build();
    }

    @Test
    void reportsTheDefaultsWhenNothingIsConfigured() {
        MemoryObservations observations = observe(new ConfiguredObservations(new MockEnvironment(), null, null, null));

        assertThat(observations.gcHintsEnabled()).isFalse();
        assertThat(observations.lowMemoryModeEnabled()).isTrue();
        assertThat(observations.perWorkerMemoryBytes()).isEqualTo(-1);
        assertThat(observations.workerConcurrency()).isEqualTo(-1);
        assertThat(observations.pressureHistory()).isEqualTo(MemoryObservations.PressureHistory.NONE);
    }

    @Test
    void reportsTheSwitchesTheMemoryPerWorkerTheLimiterAndTheHistory() {
        MockEnvironment environment = new MockEnvironment().withProperty("memguard.gc.hint-enabled", "true")
                .withProperty("memguard.low-memory.enabled", "false");
        AdaptiveConcurrencyLimiter limiter = AdaptiveConcurrencyLimiter.builder("workers").maxLimit(32).build();
        PressureHistoryRecorder history = new PressureHistoryRecorder();

        MemoryObservations observations = observe(new ConfiguredObservations(environment, DataSize.ofMegabytes(8),
                limiter, history));

        assertThat(observations.gcHintsEnabled()).isTrue();
        assertThat(observations.lowMemoryModeEnabled()).isFalse();
        assertThat(observations.perWorkerMemoryBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(observations.workerConcurrency()).isEqualTo(32);
        assertThat(observations.pressureHistory()).isEqualTo(history.history());
    }
}
