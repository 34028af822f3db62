package io.memguard.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;

class HeapTrendDetectorTests {

    private static final long MIB = 1024 * 1024;

    private static final long MAX_HEAP = 1024 * MIB;

    private final TestClock clock = new TestClock();

    private final List<MemoryAlert> alerts = new CopyOnWriteArrayList<>();

    private final HeapTrendDetector detector = HeapTrendDetector.builder(alerts::add).clock(clock)
            .ticker(clock.ticker()).build();

    private final SplittableRandom random = new SplittableRandom(42);

    /** One sample every {@code every}, for {@code duration}, each from {@code usedAt(seconds since start)}. */
    private void feed(Duration every, Duration duration, java.util.function.LongUnaryOperator usedAt) {
        for (long elapsed = 0; elapsed <= duration.toSeconds(); elapsed += every.toSeconds()) {
            detector.accept(clock.instant(), usedAt.applyAsLong(elapsed), MAX_HEAP);
            clock.advance(every);
        }
        clock.advance(every.negated());
    }

    private long noise(long amplitude) {
        return random.nextLong(-amplitude, amplitude + 1);
    }

    @Test
    void raisesLeakSuspectedOnASteadilyGrowingHeap() {
        detector.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.MODERATE);

        // 4 MiB per minute from 400 MiB, with up to 1 MiB of noise: 23% of the max heap per hour.
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 400 * MIB + s * 4 * MIB / 60 + noise(MIB));

        HeapTrendDetector.Trend trend = detector.trend();
        assertThat(trend.leakSuspected()).isTrue();
        assertThat(trend.samples()).isEqualTo(21);
        assertThat(trend.slopeBytesPerSecond() * 60 / MIB).isCloseTo(4.0, within(0.2));
        assertThat(trend.growthRatioPerHour()).isCloseTo(240.0 / 1024, within(0.02));
        assertThat(trend.fit()).isGreaterThan(0.95);
        // (0.95 * 1024 - 440) MiB at 4 MiB/min: about 133 minutes.
        assertThat(trend.timeToCritical().toMinutes()).isBetween(125L, 140L);

        assertThat(alerts).hasSize(1);
        MemoryAlert alert = alerts.get(0);
        assertThat(alert.type()).isEqualTo(MemoryAlert.Type.LEAK_SUSPECTED);
        assertThat(alert.level()).isEqualTo(MemoryPressureLevel.MODERATE);
        assertThat(alert.message()).contains("MiB/min", "95% of the max heap in");
        assertThat(alert.suggestedAction()).contains("heap dump");
        assertThat(alert.details()).containsKeys("growthBytesPerSecond", "timeToCriticalSeconds")
                .containsEntry("maxBytes", MAX_HEAP);
    }

    @Test
    void staysQuietOnAFlatHeap() {
        feed(Duration.ofSeconds(10), Duration.ofMinutes(30), s -> 500 * MIB + noise(20 * MIB));

        HeapTrendDetector.Trend trend = detector.trend();
        assertThat(trend.leakSuspected()).isFalse();
        assertThat(Math.abs(trend.growthRatioPerHour())).isLessThan(0.05);
        assertThat(alerts).isEmpty();
    }

    @Test
    void staysQuietOnASawTooth() {
        // Grows from 300 to 600 MiB over two minutes, then a full collection brings it back: a healthy heap.
        feed(Duration.ofSeconds(10), Duration.ofMinutes(60),
                s -> 300 * MIB + (s % 120) * 300 * MIB / 120 + noise(2 * MIB));

        assertThat(alerts).isEmpty();
        assertThat(detector.trend().fit()).isLessThan(0.8);
    }

    @Test
    void staysQuietOnGrowthShorterThanTheMinimumSpan() {
        feed(Duration.ofSeconds(10), Duration.ofMinutes(4), s -> 400 * MIB + s * 10 * MIB / 60);

        assertThat(detector.trend().fit()).isGreaterThan(0.99);
        assertThat(detector.trend().leakSuspected()).isFalse();
        assertThat(alerts).isEmpty();
    }

    @Test
    void staysQuietOnGrowthBelowTheThreshold() {
        // 0.5 MiB per minute: about 3% of the max heap per hour.
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 400 * MIB + s * MIB / 120);

        assertThat(detector.trend().fit()).isGreaterThan(0.99);
        assertThat(detector.trend().leakSuspected()).isFalse();
        assertThat(alerts).isEmpty();
    }

    @Test
    void alertsOnceAndAgainOnlyAfterTheSuspicionCleared() {
        feed(Duration.ofSeconds(30), Duration.ofMinutes(20), s -> 400 * MIB + s * 4 * MIB / 60);
        assertThat(alerts).hasSize(1);

        clock.advance(Duration.ofMinutes(11));
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 500 * MIB);
        assertThat(detector.trend().leakSuspected()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 500 * MIB + s * 4 * MIB / 60);
        assertThat(alerts).hasSize(2);
    }

    @Test
    void samplesOlderThanTheWindowAreDropped() {
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 400 * MIB + s * 4 * MIB / 60);
        assertThat(detector.trend().samples()).isEqualTo(21);

        clock.advance(Duration.ofMinutes(5));
        assertThat(detector.trend().samples()).isEqualTo(11);

        clock.advance(Duration.ofMinutes(6));
        assertThat(detector.trend()).isEqualTo(HeapTrendDetector.Trend.EMPTY);
    }

    @Test
    void keepsAtMostCapacitySamples() {
        HeapTrendDetector small = HeapTrendDetector.builder(alerts::add).capacity(16).clock(clock)
                .ticker(clock.ticker()).build();
        for (int i = 0; i < 100; i++) {
            small.accept(clock.instant(), 100 * MIB + i * MIB, MAX_HEAP);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(-1));

        HeapTrendDetector.Trend trend = small.trend();
        assertThat(trend.samples()).isEqualTo(16);
        assertThat(trend.span()).isEqualTo(Duration.ofSeconds(15));
        assertThat(trend.usedBytes()).isEqualTo(199 * MIB);
        assertThat(trend.slopeBytesPerSecond()).isCloseTo(MIB, within(1.0));
    }

    @Test
    void theWindowFollowsTheTickerNotTheClock() {
        AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - Duration.ofMinutes(5).toNanos());
        HeapTrendDetector onTicker = HeapTrendDetector.builder(alerts::add).clock(clock).ticker(ticker::get).build();
        for (int i = 0; i <= 20; i++) {
            onTicker.accept(clock.instant(), 400 * MIB + i * 2 * MIB, MAX_HEAP);
            // Every 30 s on the ticker; the clock jumps back an hour before the 11th sample.
            ticker.addAndGet(Duration.ofSeconds(30).toNanos());
            clock.advance((i == 9) ? Duration.ofHours(-1) : Duration.ofSeconds(30));
        }
        ticker.addAndGet(-Duration.ofSeconds(30).toNanos());

        HeapTrendDetector.Trend trend = onTicker.trend();
        assertThat(trend.samples()).as("none ignored for the clock going back").isEqualTo(21);
        assertThat(trend.span()).as("10 min on the ticker, across its wrap").isEqualTo(Duration.ofMinutes(10));
        assertThat(trend.slopeBytesPerSecond()).isCloseTo(2.0 * MIB / 30, within(1e-3));

        clock.advance(Duration.ofHours(2));
        assertThat(onTicker.trend().samples()).as("two hours on the clock age nothing out").isEqualTo(21);
        ticker.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(onTicker.trend().samples()).as("five minutes on the ticker do").isEqualTo(11);
    }

    @Test
    void aSampleTimestampedInThePastIsPlacedOnTheTickerByItsAge() {
        AtomicLong ticker = new AtomicLong();
        HeapTrendDetector onTicker = HeapTrendDetector.builder(alerts::add).clock(clock).ticker(ticker::get).build();
        onTicker.accept(clock.instant().minus(Duration.ofMinutes(4)), 100 * MIB, MAX_HEAP);
        onTicker.accept(clock.instant(), 120 * MIB, MAX_HEAP);
        assertThat(onTicker.trend().span()).isEqualTo(Duration.ofMinutes(4));
        ticker.addAndGet(Duration.ofMinutes(7).toNanos());
        assertThat(onTicker.trend().samples()).as("the first is 11 min old, past the window").isEqualTo(1);
    }

    @Test
    void ignoresASampleOlderThanTheNewest() {
        detector.accept(clock.instant(), 100 * MIB, MAX_HEAP);
        detector.accept(clock.instant().minusSeconds(5), 900 * MIB, MAX_HEAP);

        assertThat(detector.trend().samples()).isEqualTo(1);
        assertThat(detector.trend().usedBytes()).isEqualTo(100 * MIB);
    }

    @Test
    void projectsNoTimeLeftWhenAlreadyAboveTheCriticalRatio() {
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 980 * MIB + s * MIB / 60);

        assertThat(detector.trend().timeToCritical()).isEqualTo(Duration.ZERO);
    }

    @Test
    void projectsNothingWhenShrinking() {
        feed(Duration.ofSeconds(30), Duration.ofMinutes(10), s -> 900 * MIB - s * MIB / 60);

        assertThat(detector.trend().slopeBytesPerSecond()).isNegative();
        assertThat(detector.trend().timeToCritical()).isNull();
    }

    @Test
    void rejectsImpossibleSamples() {
        assertThatIllegalArgumentException().isThrownBy(() -> detector.accept(clock.instant(), -1, MAX_HEAP))
                .withMessage("usedBytes must not be negative, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> detector.accept(clock.instant(), 1, 0))
                .withMessage("maxBytes must be positive, was 0");
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).window(Duration.ZERO).build())
                .withMessage("window must be positive, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).growthThreshold(0).build())
                .withMessage("growthThreshold must be positive, was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).minimumFit(1.5).build())
                .withMessage("minimumFit must be in [0..1], was 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).minimumSamples(2).build())
                .withMessage("minimumSamples must be at least 3, was 2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).minimumSpan(Duration.ofMinutes(11)).build())
                .withMessage("minimumSpan must be positive and not longer than the window (PT10M), was PT11M");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).criticalRatio(0).build())
                .withMessage("criticalRatio must be in (0..1], was 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeapTrendDetector.builder(alerts::add).capacity(5).build())
                .withMessage("capacity (5) must be at least minimumSamples (10)");
    }
}
