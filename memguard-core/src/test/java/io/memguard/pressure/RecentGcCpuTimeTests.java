package io.memguard.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RecentGcCpuTimeTests {

    /** A ticker reading a few seconds before {@code long} wraps: readings are compared by their difference only. */
    private static final long START = Long.MAX_VALUE - 5_000_000_000L;

    private final RecentGcCpuTime recent = new RecentGcCpuTime(Duration.ofSeconds(10));

    @Test
    void aPartWindowIsDividedByTheWholeWindowSoItNeverOverstates() {
        assertThat(recent.record(at(0), Duration.ofSeconds(3), 2)).as("the first reading is the baseline")
                .isEqualTo(0.0);
        // 2 s of GC CPU in the first 5 s, of 10 s x 2 processors.
        assertThat(recent.record(at(5), Duration.ofSeconds(5), 2)).isCloseTo(0.10, within(1e-9));
    }

    @Test
    void theShareCoversTheWindowFromTheLastReadingAtOrBeforeItsStart() {
        for (int second = 0; second <= 10; second++) {
            recent.record(at(second), Duration.ofMillis(100L * second), 4);
        }
        // 1.0 s over 10 s x 4 processors.
        assertThat(recent.record(at(10), Duration.ofSeconds(1), 4)).isCloseTo(0.025, within(1e-9));
        // From second 11 on, 4 s in the last second: the reading of second 1 is the baseline.
        assertThat(recent.record(at(11), Duration.ofSeconds(5), 4)).isCloseTo((5.0 - 0.1) / 40, within(1e-9));
        // Readings 3 s apart: the baseline (second 11) lies 2 s before the window's start, and the span is 12 s.
        assertThat(recent.record(at(23), Duration.ofSeconds(5), 4)).as("nothing new since second 11")
                .isEqualTo(0.0);
    }

    @Test
    void aCollectorThatTakesEveryProcessorIsAShareOfOne() {
        recent.record(at(0), Duration.ZERO, 2);
        assertThat(recent.record(at(10), Duration.ofSeconds(20), 2)).isEqualTo(1.0);
        assertThat(recent.record(at(11), Duration.ofSeconds(40), 2)).as("clamped").isEqualTo(1.0);
    }

    @Test
    void aTotalThatGoesBackStartsTheWindowAgain() {
        recent.record(at(0), Duration.ofSeconds(9), 1);
        assertThat(recent.record(at(1), Duration.ofSeconds(1), 1)).isEqualTo(0.0);
        assertThat(recent.record(at(2), Duration.ofSeconds(2), 1)).isCloseTo(0.10, within(1e-9));
    }

    @Test
    void aTickerThatGoesBackStartsTheWindowAgain() {
        recent.record(at(10), Duration.ofSeconds(1), 1);
        assertThat(recent.record(at(5), Duration.ofSeconds(2), 1)).as("a new baseline").isEqualTo(0.0);
        assertThat(recent.record(at(6), Duration.ofSeconds(3), 1)).isCloseTo(0.10, within(1e-9));
    }

    private static long at(long seconds) {
        return START + Duration.ofSeconds(seconds).toNanos();
    }
}
