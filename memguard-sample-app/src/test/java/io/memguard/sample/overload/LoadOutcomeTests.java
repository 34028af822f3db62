package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoadOutcomeTests {

    @Test
    void countsEachResultAndFailedIncludesTheDropped() {
        LoadOutcome outcome = new LoadOutcome();
        outcome.success(0.5, 10, 1 << 20);
        outcome.success(0.7, 20, 0);
        outcome.count(LoadOutcome.Result.REFUSED);
        outcome.count(LoadOutcome.Result.FAILED);
        outcome.count(LoadOutcome.Result.DROPPED);
        outcome.count(LoadOutcome.Result.DROPPED);

        assertThat(outcome.successes()).isEqualTo(2);
        assertThat(outcome.refused()).isEqualTo(1);
        assertThat(outcome.failed()).isEqualTo(3);
        assertThat(outcome.dropped()).isEqualTo(2);
        assertThat(outcome.ingestedBytes()).isEqualTo(1 << 20);
    }

    @Test
    void p99IsTheNearestRankOfTheSuccesses() {
        LoadOutcome outcome = new LoadOutcome();
        assertThat(outcome.p99Millis()).isEqualTo(-1);
        for (int latency = 200; latency >= 1; latency--) {
            outcome.success(1, latency, 0);
        }
        assertThat(outcome.p99Millis()).isEqualTo(198);
    }

    @Test
    void successesAreCountedInTheWholeSecondTheyCompletedIn() {
        LoadOutcome outcome = new LoadOutcome();
        outcome.success(4.99, 1, 0);
        outcome.success(5.0, 1, 0);
        outcome.success(5.5, 1, 0);
        outcome.success(7.2, 1, 0);
        outcome.success(8.0, 1, 0);

        assertThat(outcome.successesPerSecond(5, 8)).containsExactly(2, 0, 1);
    }

    @Test
    void coefficientOfVariationIsZeroWhenFlatAndGrowsWithOscillation() {
        assertThat(LoadOutcome.coefficientOfVariation(new long[] { 10, 10, 10, 10 })).isZero();
        assertThat(LoadOutcome.coefficientOfVariation(new long[] { 20, 0, 20, 0 })).isCloseTo(1.0, within(1e-9));
        assertThat(LoadOutcome.coefficientOfVariation(new long[] { 12, 8, 12, 8 })).isCloseTo(0.2, within(1e-9));
        assertThat(LoadOutcome.coefficientOfVariation(new long[] { 0, 0 })).isEqualTo(-1);
        assertThat(LoadOutcome.coefficientOfVariation(new long[0])).isEqualTo(-1);
    }
}
