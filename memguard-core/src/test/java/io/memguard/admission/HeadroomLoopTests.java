package io.memguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The feedback loop alone, on a manual clock: every observation names its own instant, nothing waits.
 */
class HeadroomLoopTests {

    private static final long MAX = 1_000_000;

    private static final long MIN = 10_000;

    private static final long MS = 1_000_000L;

    /** Work in flight at or above any limit: a cut then starts from the limit itself. */
    private static final long BUSY = Long.MAX_VALUE;

    private static HeadroomLoop loop() {
        // Defaults: target 0.75, hysteresis 0.05, horizon 2 s, decrease 0.7, increase 5%/s, cooldown 500 ms.
        return new HeadroomLoop(AdmissionController.builder(), MIN, MAX);
    }

    @Test
    void startsAtTheMaximumAndHoldsItWhileThereIsHeadroom() {
        HeadroomLoop loop = loop();
        for (int i = 0; i < 100; i++) {
            assertThat(loop.observe(i * 100 * MS, 0.30, true, BUSY)).isEqualTo(MAX);
        }
    }

    @Test
    void cutsMultiplicativelyWhenTheTargetIsCrossed() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.50, false, BUSY);
        assertThat(loop.observe(1000 * MS, 0.76, false, BUSY)).isEqualTo(700_000);
    }

    @Test
    void aCutStartsFromTheWorkInFlightWhenThatIsBelowTheLimit() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.50, false, 200_000);
        // The limit is at its maximum, 1,000,000, and 200,000 fill the heap: 0.7 of the limit would hold nothing back.
        assertThat(loop.observe(1000 * MS, 0.80, false, 200_000)).isEqualTo(140_000);
        // The next cut, a cooldown later, starts from whichever is lower again.
        assertThat(loop.observe(1500 * MS, 0.80, false, 180_000)).isEqualTo(98_000);
    }

    @Test
    void aCutWithNothingInFlightStartsFromTheLimit() {
        HeadroomLoop loop = loop();
        // Memory at the target with no admitted work in flight: executors that follow the limit shrink step by step.
        assertThat(loop.observe(0, 0.80, false, 0)).isEqualTo(700_000);
        assertThat(loop.observe(500 * MS, 0.80, false, 0)).isEqualTo(490_000);
    }

    @Test
    void cutsAtMostOncePerCooldownSoThatOneOvershootIsOneCut() {
        HeadroomLoop loop = loop();
        assertThat(loop.observe(0, 0.80, false, BUSY)).isEqualTo(700_000);
        assertThat(loop.observe(100 * MS, 0.80, false, BUSY)).isEqualTo(700_000);
        assertThat(loop.observe(499 * MS, 0.80, false, BUSY)).isEqualTo(700_000);
        assertThat(loop.observe(500 * MS, 0.80, false, BUSY)).isEqualTo(490_000);
    }

    @Test
    void cutsWhenTheRisingRatioIsProjectedToCrossTheTargetWithinTheHorizon() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.50, false, BUSY);
        // +0.20 in 1 s; the smoothed slope is 0.10/s, projected 0.70 + 0.2 = 0.90 over 2 s: below target, still cut.
        assertThat(loop.observe(1000 * MS, 0.70, false, BUSY)).isEqualTo(700_000);
        assertThat(loop.slopePerSecond()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aFallingRatioIsNotProjected() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.74, false, BUSY);
        loop.observe(1000 * MS, 0.40, false, BUSY);
        assertThat(loop.projected()).isEqualTo(0.40);
    }

    @Test
    void neverCutsBelowTheFloor() {
        HeadroomLoop loop = loop();
        for (int i = 0; i < 40; i++) {
            loop.observe(i * 1000 * MS, 0.95, false, BUSY);
        }
        assertThat(loop.limit()).isEqualTo(MIN);
    }

    @Test
    void growsAdditivelyInProportionToTimeOnlyWhileTheLimitIsBinding() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.90, false, BUSY);
        loop.observe(500 * MS, 0.90, false, BUSY);
        assertThat(loop.limit()).isEqualTo(490_000);
        loop.observe(1000 * MS, 0.40, false, BUSY);
        loop.observe(2000 * MS, 0.40, false, BUSY);
        assertThat(loop.limit()).as("nobody held back: no growth").isEqualTo(490_000);
        loop.observe(3000 * MS, 0.40, true, BUSY);
        assertThat(loop.limit()).as("5%% of the maximum per second").isEqualTo(540_000);
        loop.observe(3100 * MS, 0.40, true, BUSY);
        loop.observe(3200 * MS, 0.40, true, BUSY);
        assertThat(loop.limit()).as("ten times the observations, the same growth per second").isEqualTo(550_000);
    }

    @Test
    void neverGrowsAboveTheMaximum() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.80, false, BUSY);
        for (int i = 1; i <= 100; i++) {
            loop.observe(i * 1000 * MS, 0.20, true, BUSY);
        }
        assertThat(loop.limit()).isEqualTo(MAX);
    }

    @Test
    void holdsInTheHysteresisBandBelowTheTarget() {
        HeadroomLoop loop = loop();
        loop.observe(0, 0.80, false, BUSY);
        long cut = loop.limit();
        for (int i = 1; i <= 50; i++) {
            loop.observe(i * 1000 * MS, 0.72, true, BUSY);
        }
        assertThat(loop.limit()).isEqualTo(cut);
    }

    @Test
    void aSteadyLoadSettlesBelowTheTargetWithoutOscillating() {
        // A plant that fills memory in proportion to the work it admits: demand always exceeds the limit, and the
        // live heap is 0.30 of the heap plus 0.60 at the full limit.
        HeadroomLoop loop = new HeadroomLoop(AdmissionController.builder().cutCooldown(Duration.ofMillis(500)), MIN,
                MAX);
        long limit = MAX;
        int cutsAfterSettling = 0;
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        double highestRatio = 0;
        for (int step = 0; step < 6000; step++) {
            double ratio = 0.30 + 0.60 * limit / MAX;
            long next = loop.observe(step * 100 * MS, ratio, true, BUSY);
            if (step >= 1200) {
                if (next < limit) {
                    cutsAfterSettling++;
                }
                lowest = Math.min(lowest, next);
                highest = Math.max(highest, next);
                highestRatio = Math.max(highestRatio, ratio);
            }
            limit = next;
        }
        assertThat(cutsAfterSettling).as("cuts in the last 8 of 10 simulated minutes").isZero();
        assertThat(highestRatio).isLessThan(0.75).isGreaterThan(0.65);
        assertThat(highest - lowest).as("the limit's spread once settled").isLessThanOrEqualTo(MAX / 50);
    }
}
