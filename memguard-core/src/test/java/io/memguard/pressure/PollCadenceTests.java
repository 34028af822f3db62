package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemorySnapshot.SignalReading;

class PollCadenceTests {

    /** A ticker reading a second before {@code long} wraps: readings are compared by their difference only. */
    private static final long START = Long.MAX_VALUE - 1_000_000_000L;

    private final PollCadence cadence = new PollCadence(PressureSettings.defaults());

    @Test
    void theRiseIsMeasuredBetweenTwoReadingsOnTheTickerAcrossItsWrap() {
        cadence.observeContainer(container(0.30), at(500));
        cadence.observeContainer(container(0.35), at(1_500));
        assertThat(cadence.riseRate()).isCloseTo(0.05, within(1e-9));
        assertThat(cadence.decide(MemoryPressureLevel.NONE, at(1_500))).isEqualTo(Duration.ofMillis(100));
        cadence.observeContainer(container(0.35), at(1_500));
        assertThat(cadence.riseRate()).as("no time passed: no rise measured").isZero();
    }

    @Test
    void theFastIntervalLingersForTenSecondsOnTheTicker() {
        assertThat(cadence.decide(MemoryPressureLevel.MODERATE, at(0))).isEqualTo(Duration.ofMillis(100));
        assertThat(cadence.decide(MemoryPressureLevel.LOW, at(9_999))).isEqualTo(Duration.ofMillis(100));
        assertThat(cadence.decide(MemoryPressureLevel.LOW, at(10_000))).isEqualTo(Duration.ofSeconds(1));
        assertThat(cadence.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aMissingReadingForgetsThePreviousOne() {
        cadence.observeContainer(container(0.30), at(0));
        cadence.observeContainer(null, at(1_000));
        cadence.observeContainer(container(0.90), at(2_000));
        assertThat(cadence.riseRate()).isZero();
    }

    private static SignalReading container(double ratio) {
        return new SignalReading(MemorySignal.CONTAINER, ratio, (long) (ratio * 1_000_000), 1_000_000);
    }

    private static long at(long millis) {
        return START + Duration.ofMillis(millis).toNanos();
    }
}
