package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;

class PressureHistoryRecorderTests {

    private final TestClock clock = new TestClock();

    private final PressureHistoryRecorder recorder = new PressureHistoryRecorder(clock.ticker());

    private MemoryPressureLevel current = MemoryPressureLevel.NONE;

    private void moveTo(MemoryPressureLevel next) {
        recorder.onPressureLevel(current, next);
        current = next;
    }

    @Test
    void startsWithNoPressure() {
        assertThat(recorder.history()).isEqualTo(MemoryObservations.PressureHistory.NONE);
    }

    @Test
    void countsEpisodesAndTimeAtHighOrAbove() {
        moveTo(MemoryPressureLevel.MODERATE);
        clock.advance(Duration.ofMinutes(1));
        moveTo(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofSeconds(30));
        moveTo(MemoryPressureLevel.CRITICAL);
        clock.advance(Duration.ofSeconds(30));
        moveTo(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofSeconds(60));
        moveTo(MemoryPressureLevel.LOW);
        clock.advance(Duration.ofMinutes(10));
        moveTo(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofSeconds(20));

        MemoryObservations.PressureHistory history = recorder.history();

        assertThat(history.peak()).isEqualTo(MemoryPressureLevel.CRITICAL);
        assertThat(history.timesHigh()).isEqualTo(2);
        assertThat(history.timesCritical()).isEqualTo(1);
        assertThat(history.timeAtHighOrAbove()).as("120 s finished and 20 s ongoing")
                .isEqualTo(Duration.ofSeconds(140));
    }

    @Test
    void theOngoingEpisodeKeepsGrowing() {
        moveTo(MemoryPressureLevel.CRITICAL);
        clock.advance(Duration.ofSeconds(5));
        assertThat(recorder.history().timeAtHighOrAbove()).isEqualTo(Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(5));
        assertThat(recorder.history().timeAtHighOrAbove()).isEqualTo(Duration.ofSeconds(10));
        assertThat(recorder.history().timesHigh()).isEqualTo(1);
        assertThat(recorder.history().timesCritical()).isEqualTo(1);
    }
}
