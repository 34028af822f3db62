package io.memguard.pressure;

import static io.memguard.pressure.MemoryPressureLevel.CRITICAL;
import static io.memguard.pressure.MemoryPressureLevel.HIGH;
import static io.memguard.pressure.MemoryPressureLevel.LOW;
import static io.memguard.pressure.MemoryPressureLevel.MODERATE;
import static io.memguard.pressure.MemoryPressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.testing.TestClock;
import org.junit.jupiter.api.Test;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;

class GcHintTests {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final CountingExplicitGc explicitGc = new CountingExplicitGc(false);

    @Test
    void disabledByDefault() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        assertThat(hint.onEnteringHighPressure()).isNull();
        assertThat(explicitGc.requests).isZero();
        assertThat(hint.snapshot()).isEqualTo(new GcHintSnapshot(false, false, 0, 0, 0, null, null, 0, 0, 0));
    }

    @Test
    void requestsAtMostOneCollectionPerCooldown() {
        GcHint hint = new GcHint(enabledWithCooldown(Duration.ofSeconds(30)), clock, clock.ticker(), explicitGc);
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(Duration.ofSeconds(29));
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.SKIPPED_COOLDOWN);
        clock.advance(Duration.ofMillis(999));
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.SKIPPED_COOLDOWN);
        clock.advance(Duration.ofMillis(1));
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(explicitGc.requests).isEqualTo(2);
        GcHintSnapshot snapshot = hint.snapshot();
        assertThat(snapshot.requested()).isEqualTo(2);
        assertThat(snapshot.skippedByCooldown()).isEqualTo(2);
        assertThat(snapshot.lastOutcome()).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(snapshot.lastAttempt()).isEqualTo(clock.instant());
    }

    @Test
    void theCooldownRunsFromTheLastRequestNotFromTheLastSkip() {
        GcHint hint = new GcHint(enabledWithCooldown(Duration.ofSeconds(10)), clock, clock.ticker(), explicitGc);
        hint.onEnteringHighPressure();
        for (int i = 0; i < 9; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.SKIPPED_COOLDOWN);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    @Test
    void saysSoWhenExplicitGcIsDisabledAndDoesNotCall() {
        CountingExplicitGc disabled = new CountingExplicitGc(true);
        GcHint hint = new GcHint(enabledWithCooldown(Duration.ofSeconds(1)), clock, clock.ticker(), disabled);
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.EXPLICIT_GC_DISABLED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.EXPLICIT_GC_DISABLED);
        assertThat(disabled.requests).isZero();
        assertThat(hint.snapshot()).satisfies(statistics -> {
            assertThat(statistics.explicitGcDisabled()).isTrue();
            assertThat(statistics.skippedExplicitGcDisabled()).isEqualTo(2);
            assertThat(statistics.requested()).isZero();
        });
    }

    @Test
    void withExplicitGcDisabledAMeasurementProvokesAYoungCollectionAtMostOncePerInterval() {
        CountingExplicitGc disabled = new CountingExplicitGc(true);
        CountingYoungCollectionProvoker young = new CountingYoungCollectionProvoker();
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), disabled, young);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;

        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.PROVOKED);
        clock.advance(interval.minusMillis(1));
        assertThat(hint.measureLiveSet(HIGH, null, false)).as("within the interval of the last attempt").isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(hint.measureLiveSet(HIGH, interval.minusMillis(1), false))
                .as("a collection measured the live set within the interval").isNull();
        assertThat(hint.measureLiveSet(HIGH, interval, false)).isEqualTo(GcHintSnapshot.Outcome.PROVOKED);

        assertThat(young.provocations).isEqualTo(2);
        assertThat(disabled.requests).isZero();
        assertThat(hint.snapshot()).satisfies(statistics -> {
            assertThat(statistics.liveSetMeasurementsProvoked()).isEqualTo(2);
            assertThat(statistics.liveSetMeasurements()).isZero();
            assertThat(statistics.liveSetMeasurementsSkippedExplicitGcDisabled()).isZero();
        });
    }

    @Test
    void withExplicitGcEnabledAMeasurementCallsSystemGcAndProvokesNothing() {
        CountingYoungCollectionProvoker young = new CountingYoungCollectionProvoker();
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc, young);
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(explicitGc.requests).isEqualTo(1);
        assertThat(young.provocations).isZero();
    }

    @Test
    void withExplicitGcDisabledAndNothingToProvokeAMeasurementIsOnlyCountedAsSkipped() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), new CountingExplicitGc(true),
                YoungCollectionProvoker.NONE);
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.EXPLICIT_GC_DISABLED);
        assertThat(hint.snapshot().liveSetMeasurementsSkippedExplicitGcDisabled()).isEqualTo(1);
        assertThat(hint.snapshot().liveSetMeasurementsProvoked()).isZero();
    }

    @Test
    void belowHighNothingIsMeasuredUnlessTheLevelHasBeenHigh() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        for (MemoryPressureLevel level : new MemoryPressureLevel[] {NONE, LOW, MODERATE}) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(hint.measureLiveSet(level, null, false)).as(level.name()).isNull();
        }
        assertThat(explicitGc.requests).isZero();
    }

    @Test
    void afterHighMeasurementsGoOnBelowHighFurtherApartAndAtMostFourUntilNone() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        assertThat(hint.measureLiveSet(CRITICAL, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        for (int settled = 0; settled < GcHint.SETTLING_MEASUREMENTS; settled++) {
            Duration due = interval.multipliedBy(1L << settled);
            clock.advance(due.minusMillis(1));
            assertThat(hint.measureLiveSet(MODERATE, null, false)).as("settling measurement %d not yet due", settled)
                    .isNull();
            clock.advance(Duration.ofMillis(1));
            assertThat(hint.measureLiveSet(LOW, null, false)).as("settling measurement %d due after %s", settled, due)
                    .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        }
        clock.advance(Duration.ofHours(1));
        assertThat(hint.measureLiveSet(LOW, null, false)).as("the live set really sits at LOW: no more").isNull();
        assertThat(explicitGc.requests).isEqualTo(1 + GcHint.SETTLING_MEASUREMENTS);
        assertThat(hint.snapshot().liveSetMeasurements()).isEqualTo(1 + GcHint.SETTLING_MEASUREMENTS);
    }

    @Test
    void noneEndsTheSettlingAndHighStartsItAfresh() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        hint.measureLiveSet(HIGH, null, false);
        clock.advance(interval);
        assertThat(hint.measureLiveSet(LOW, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(hint.measureLiveSet(NONE, null, false)).isNull();
        clock.advance(Duration.ofHours(1));
        assertThat(hint.measureLiveSet(LOW, null, false)).as("back at NONE since: LOW is a new rise, not settling")
                .isNull();
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(interval);
        assertThat(hint.measureLiveSet(MODERATE, null, false)).as("a new episode starts from the base interval")
                .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(explicitGc.requests).isEqualTo(4);
    }

    @Test
    void aCollectionThatMeasuredTheLiveSetLatelyPostponesASettlingMeasurement() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        hint.measureLiveSet(HIGH, null, false);
        clock.advance(interval.multipliedBy(10));
        assertThat(hint.measureLiveSet(LOW, Duration.ofMillis(1), false)).isNull();
        assertThat(hint.measureLiveSet(LOW, interval, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    @Test
    void anUnmeasuredReadingAtCriticalIsConfirmedAfterAQuarterOfTheIntervalNotAWholeOne() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), explicitGc);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        Duration confirmation = interval.dividedBy(GcHint.CONFIRMATION_SHARE);
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        long measured = clock.nanoTime();

        clock.advance(confirmation.minusMillis(1));
        assertThat(hint.measureLiveSet(HIGH, since(measured), true)).as("within a quarter of the last measurement")
                .isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(hint.measureLiveSet(HIGH, since(measured), false)).as("no reading to confirm: the whole interval")
                .isNull();
        assertThat(hint.measureLiveSet(HIGH, since(measured), true)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(confirmation.minusMillis(1));
        assertThat(hint.measureLiveSet(HIGH, since(measured), true)).as("within a quarter of the confirmation")
                .isNull();
        assertThat(explicitGc.requests).isEqualTo(2);
        assertThat(hint.snapshot().liveSetMeasurements()).isEqualTo(2);
    }

    @Test
    void withoutExplicitCollectionsAReadingAtCriticalWaitsForTheWholeInterval() {
        CountingYoungCollectionProvoker young = new CountingYoungCollectionProvoker();
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(), new CountingExplicitGc(true),
                young);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        assertThat(hint.measureLiveSet(HIGH, null, true)).isEqualTo(GcHintSnapshot.Outcome.PROVOKED);
        clock.advance(interval.minusMillis(1));
        assertThat(hint.measureLiveSet(HIGH, null, true)).as("a young collection confirms nothing").isNull();
        assertThat(young.provocations).isEqualTo(1);
    }

    @Test
    void theCooldownFollowsTheTickerNotTheClock() {
        AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - 1_000_000_000L);
        GcHint hint = new GcHint(enabledWithCooldown(Duration.ofSeconds(30)), clock, ticker::get, explicitGc);
        assertThat(hint.onEnteringHighPressure()).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(Duration.ofHours(1));
        ticker.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(hint.onEnteringHighPressure()).as("an hour on the clock, 2 s on the ticker")
                .isEqualTo(GcHintSnapshot.Outcome.SKIPPED_COOLDOWN);
        assertThat(hint.snapshot().lastAttempt()).as("stamped by the clock").isEqualTo(clock.instant());
        clock.advance(Duration.ofHours(-2));
        ticker.addAndGet(Duration.ofSeconds(28).toNanos());
        assertThat(hint.onEnteringHighPressure()).as("the clock back an hour, the ticker 30 s on, across its wrap")
                .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    @Test
    void theMeasurementIntervalFollowsTheTickerNotTheClock() {
        AtomicLong ticker = new AtomicLong();
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, ticker::get, explicitGc);
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(interval.multipliedBy(100));
        ticker.addAndGet(interval.minusMillis(1).toNanos());
        assertThat(hint.measureLiveSet(HIGH, null, false)).isNull();
        ticker.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    @Test
    void aLongMeasurementSpacesTheNextOutToItsDurationOverThePauseShare() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(),
                new CountingExplicitGc(false, () -> clock.advance(Duration.ofSeconds(2))));
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(Duration.ofSeconds(20 - 2).minusMillis(1));
        assertThat(hint.measureLiveSet(HIGH, null, false)).as("2 s of pause wants 20 s, not the 3 s interval").isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(hint.measureLiveSet(CRITICAL, null, true))
                .as("2 s after asking, past a quarter of the interval: a heap running out is not kept waiting 20 s")
                .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        assertThat(hint.snapshot().liveSetMeasurements()).isEqualTo(3);
    }

    @Test
    void settlingMeasurementsAreSpacedOutByTheirDurationToo() {
        GcHint hint = new GcHint(PressureSettings.defaults(), clock, clock.ticker(),
                new CountingExplicitGc(false, () -> clock.advance(Duration.ofSeconds(1))));
        assertThat(hint.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(Duration.ofSeconds(10 - 1).minusMillis(1));
        assertThat(hint.measureLiveSet(LOW, null, false)).as("1 s of pause wants 10 s, not the 3 s interval").isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(hint.measureLiveSet(LOW, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    @Test
    void aShortMeasurementKeepsTheIntervalAndAShareOfZeroIgnoresTheDuration() {
        GcHint quick = new GcHint(PressureSettings.defaults(), clock, clock.ticker(),
                new CountingExplicitGc(false, () -> clock.advance(Duration.ofMillis(40))));
        Duration interval = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;
        assertThat(quick.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(interval.minusMillis(40));
        assertThat(quick.measureLiveSet(HIGH, null, false)).as("40 ms wants 400 ms: the interval is longer")
                .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        GcHint unbounded = new GcHint(PressureSettings.builder().liveSetMeasurementPauseShare(0).build(), clock,
                clock.ticker(), new CountingExplicitGc(false, () -> clock.advance(Duration.ofSeconds(2))));
        assertThat(unbounded.measureLiveSet(HIGH, null, false)).isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
        clock.advance(interval.minusSeconds(2));
        assertThat(unbounded.measureLiveSet(HIGH, null, false)).as("share off: the interval alone")
                .isEqualTo(GcHintSnapshot.Outcome.REQUESTED);
    }

    private Duration since(long measured) {
        return Duration.ofNanos(clock.nanoTime() - measured);
    }

    private static PressureSettings enabledWithCooldown(Duration cooldown) {
        return PressureSettings.builder().gcHintEnabled(true).gcHintCooldown(cooldown).build();
    }
}
