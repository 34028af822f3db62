package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;
import io.memguard.testing.TestPressureMonitor;

class LowMemoryModeTests {

    private final TestClock clock = new TestClock();

    private final List<LowMemoryModeChange> changes = new CopyOnWriteArrayList<>();

    private final LowMemoryMode mode = LowMemoryMode.builder()
            .minimumDuration(Duration.ofSeconds(30))
            .clock(clock).ticker(clock.ticker())
            .build();

    {
        mode.addListener(changes::add);
    }

    @Test
    void isOffWhenCreated() {
        assertThat(mode.isActive()).isFalse();
        assertThat(mode.snapshot()).isEqualTo(new LowMemoryModeSnapshot(false, false, false, MemoryPressureLevel.NONE,
                null, null, 0));
    }

    @Test
    void entersAtTheEnterLevelAndNotBelow() {
        mode.update(MemoryPressureLevel.MODERATE);
        assertThat(mode.isActive()).isFalse();

        mode.update(MemoryPressureLevel.HIGH);

        assertThat(mode.isActive()).isTrue();
        assertThat(changes).containsExactly(new LowMemoryModeChange(true, LowMemoryModeChange.Cause.PRESSURE,
                MemoryPressureLevel.HIGH, clock.instant()));
    }

    @Test
    void isFedTheMeasuredLevelByEffectivePressure() {
        TestPressureMonitor monitor = new TestPressureMonitor(MemoryPressureLevel.MODERATE);
        EffectivePressure.of(monitor, mode);
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        assertThat(mode.isActive()).isTrue();
        assertThat(mode.snapshot().level()).isEqualTo(MemoryPressureLevel.CRITICAL);
    }

    @Test
    void leavesAtTheExitLevelOnceTheMinimumDurationHasPassed() {
        mode.update(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofSeconds(31));

        mode.update(MemoryPressureLevel.MODERATE);

        assertThat(mode.isActive()).isFalse();
        assertThat(changes).last().isEqualTo(new LowMemoryModeChange(false, LowMemoryModeChange.Cause.RECOVERED,
                MemoryPressureLevel.MODERATE, clock.instant()));
    }

    @Test
    void staysOnWhileTheLevelIsBetweenExitAndEnter() {
        LowMemoryMode lowExit = LowMemoryMode.builder().exitLevel(MemoryPressureLevel.LOW)
                .minimumDuration(Duration.ZERO).clock(clock).ticker(clock.ticker()).build();
        lowExit.update(MemoryPressureLevel.HIGH);

        lowExit.update(MemoryPressureLevel.MODERATE);
        assertThat(lowExit.isActive()).as("between exit and enter level").isTrue();

        lowExit.update(MemoryPressureLevel.LOW);
        assertThat(lowExit.isActive()).isFalse();
    }

    @Test
    void doesNotFlapWhenTheLevelOscillatesWithinTheMinimumDuration() {
        for (int i = 0; i < 10; i++) {
            mode.update(MemoryPressureLevel.HIGH);
            clock.advance(Duration.ofSeconds(1));
            mode.update(MemoryPressureLevel.NONE);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(mode.isActive()).isTrue();
        assertThat(changes).hasSize(1);
        assertThat(mode.snapshot().timesEntered()).isEqualTo(1);
    }

    @Test
    void anEarlyRecoveryTakesEffectWhenTheMinimumDurationEnds() {
        mode.update(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofSeconds(10));
        mode.update(MemoryPressureLevel.NONE);
        assertThat(mode.isActive()).isTrue();

        clock.advance(Duration.ofSeconds(19));
        mode.reevaluate();
        assertThat(mode.isActive()).as("29s in mode").isTrue();

        clock.advance(Duration.ofSeconds(1));
        mode.reevaluate();
        assertThat(mode.isActive()).as("30s in mode").isFalse();
        assertThat(changes).last().extracting(LowMemoryModeChange::cause).isEqualTo(LowMemoryModeChange.Cause.RECOVERED);
    }

    @Test
    void theMinimumDurationIsTimedByTheTickerNotTheWallClock() {
        TestClock wallClock = new TestClock();
        AtomicLong ticker = new AtomicLong(TestClock.TICKER_START);
        LowMemoryMode timed = LowMemoryMode.builder().minimumDuration(Duration.ofSeconds(30))
                .clock(wallClock).ticker(ticker::get).build();
        timed.update(MemoryPressureLevel.HIGH);

        wallClock.advance(Duration.ofHours(1));
        timed.update(MemoryPressureLevel.NONE);
        assertThat(timed.isActive()).as("the wall clock jumped, the ticker did not").isTrue();

        ticker.addAndGet(Duration.ofSeconds(30).toNanos());
        timed.reevaluate();
        assertThat(timed.isActive()).isFalse();
        assertThat(timed.snapshot().lastChange().timestamp()).as("stamped by the wall clock")
                .isEqualTo(wallClock.instant());
    }

    @Test
    void anEarlyRecoveryIsAppliedWithoutAFurtherLevelChange() {
        LowMemoryMode realTime = LowMemoryMode.builder().minimumDuration(Duration.ofMillis(50))
                .build();
        realTime.update(MemoryPressureLevel.CRITICAL);
        realTime.update(MemoryPressureLevel.NONE);

        await().atMost(Duration.ofSeconds(30)).until(() -> !realTime.isActive());
        assertThat(realTime.snapshot().lastChange().cause()).isEqualTo(LowMemoryModeChange.Cause.RECOVERED);
    }

    @Test
    void aRiseBeforeTheDeferredExitKeepsTheModeOn() {
        mode.update(MemoryPressureLevel.HIGH);
        mode.update(MemoryPressureLevel.NONE);
        mode.update(MemoryPressureLevel.CRITICAL);
        clock.advance(Duration.ofMinutes(1));

        mode.reevaluate();

        assertThat(mode.isActive()).isTrue();
        assertThat(changes).hasSize(1);
    }

    @Test
    void forcedOnStaysOnUntilReleased() {
        mode.forceOn();
        assertThat(mode.isActive()).isTrue();
        assertThat(changes).containsExactly(new LowMemoryModeChange(true, LowMemoryModeChange.Cause.FORCED,
                MemoryPressureLevel.NONE, clock.instant()));

        mode.update(MemoryPressureLevel.HIGH);
        clock.advance(Duration.ofMinutes(5));
        mode.update(MemoryPressureLevel.NONE);
        assertThat(mode.isActive()).as("forced, whatever the pressure").isTrue();

        mode.release();

        assertThat(mode.isActive()).isFalse();
        assertThat(changes).hasSize(2).last().extracting(LowMemoryModeChange::cause)
                .isEqualTo(LowMemoryModeChange.Cause.RELEASED);
    }

    @Test
    void releasingHandsControlBackToTheAutomaticRule() {
        mode.forceOn();
        mode.update(MemoryPressureLevel.HIGH);

        mode.release();

        assertThat(mode.isActive()).as("pressure is still high").isTrue();
        assertThat(mode.snapshot().forced()).isFalse();
        assertThat(mode.snapshot().automatic()).isTrue();
        assertThat(changes).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        mode.update(MemoryPressureLevel.LOW);
        assertThat(mode.isActive()).isFalse();
        assertThat(changes).last().extracting(LowMemoryModeChange::cause).isEqualTo(LowMemoryModeChange.Cause.RECOVERED);
    }

    @Test
    void releaseWithoutForceChangesNothing() {
        mode.update(MemoryPressureLevel.HIGH);

        mode.release();

        assertThat(mode.isActive()).isTrue();
        assertThat(changes).hasSize(1);
    }

    @Test
    void forcingTwiceIsOneChange() {
        mode.forceOn();
        mode.forceOn();

        assertThat(changes).hasSize(1);
        assertThat(mode.snapshot().timesEntered()).isEqualTo(1);
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillHearTheChange() {
        mode.addListener(change -> {
            throw new IllegalStateException("broken listener");
        });
        List<LowMemoryModeChange> later = new CopyOnWriteArrayList<>();
        mode.addListener(later::add);

        mode.update(MemoryPressureLevel.CRITICAL);

        assertThat(mode.isActive()).isTrue();
        assertThat(mode.listenerFailures()).isEqualTo(1);
        assertThat(changes).hasSize(1);
        assertThat(later).hasSize(1);
    }

    @Test
    void aRemovedListenerHearsNothing() {
        List<LowMemoryModeChange> removed = new CopyOnWriteArrayList<>();
        Consumer<LowMemoryModeChange> listener = removed::add;
        mode.addListener(listener);
        mode.removeListener(listener);

        mode.forceOn();

        assertThat(removed).isEmpty();
    }

    @Test
    void aListenerTellsEnteringFromLeaving() {
        List<String> actions = new CopyOnWriteArrayList<>();
        mode.addListener(change -> actions.add(change.entered() ? "stop retaining" : "resume retaining"));

        mode.forceOn();
        mode.release();

        assertThat(actions).containsExactly("stop retaining", "resume retaining");
    }

    @Test
    void stateShowsSinceAndLastChange() {
        mode.update(MemoryPressureLevel.HIGH);
        Instant entered = clock.instant();
        clock.advance(Duration.ofSeconds(5));

        LowMemoryModeSnapshot state = mode.snapshot();

        assertThat(state.active()).isTrue();
        assertThat(state.automatic()).isTrue();
        assertThat(state.forced()).isFalse();
        assertThat(state.since()).isEqualTo(entered);
        assertThat(state.lastChange().describe())
                .isEqualTo("low-memory mode entered: memory pressure reached the enter level (level HIGH)");
    }

    @Test
    void listenersSeeAlternatingChangesUnderContention() throws Exception {
        LowMemoryMode contended = LowMemoryMode.builder().minimumDuration(Duration.ZERO).clock(clock)
                .ticker(clock.ticker()).build();
        List<LowMemoryModeChange> seen = new java.util.ArrayList<>();
        contended.addListener(seen::add); // listeners are called one at a time, so a plain list suffices
        int threads = 8;
        int operations = 50_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            workers[t] = new Thread(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                for (int i = 0; i < operations; i++) {
                    switch (random.nextInt(4)) {
                        case 0 -> contended.forceOn();
                        case 1 -> contended.release();
                        default -> contended.update(MemoryPressureLevel.ofSeverity(random.nextInt(5)));
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(seen).isNotEmpty();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i).active()).as("change %d alternates", i).isEqualTo(i % 2 == 0);
        }
        LowMemoryModeSnapshot state = contended.snapshot();
        assertThat(state.active()).isEqualTo(seen.get(seen.size() - 1).active()).isEqualTo(contended.isActive());
        assertThat(state.active()).isEqualTo(state.forced() || state.automatic());
        assertThat(state.timesEntered()).isEqualTo((seen.size() + 1) / 2);
    }

    @Test
    void rejectsAnEnterLevelOfNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LowMemoryMode.builder().enterLevel(MemoryPressureLevel.NONE).build())
                .withMessageContaining("enterLevel must be above NONE");
    }

    @Test
    void rejectsAnExitLevelNotBelowTheEnterLevel() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LowMemoryMode.builder().enterLevel(MemoryPressureLevel.HIGH)
                        .exitLevel(MemoryPressureLevel.HIGH).build())
                .withMessage("exitLevel (HIGH) must be below enterLevel (HIGH)");
    }

    @Test
    void rejectsANegativeMinimumDuration() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LowMemoryMode.builder().minimumDuration(Duration.ofSeconds(-1)).build())
                .withMessageContaining("minimumDuration must not be negative");
    }

    @Test
    void aChangeMustAgreeWithItsCause() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LowMemoryModeChange(true, LowMemoryModeChange.Cause.RECOVERED,
                        MemoryPressureLevel.NONE, Instant.EPOCH))
                .withMessage("cause RECOVERED does not enter low-memory mode");
    }

}
