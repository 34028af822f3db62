package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.protect.LoadShedder.ShedReason;
import io.memguard.protect.LoadShedder.SheddingSummary;
import io.memguard.testing.TestClock;

class LoadShedderTests {

    private final TestClock clock = new TestClock();

    private final List<SheddingSummary> summaries = new CopyOnWriteArrayList<>();

    /** A snapshot without readings: no headroom is known, so every large body fits. */
    private static final MemorySnapshot CALM = MemorySnapshot.ofLevel(MemoryPressureLevel.HIGH, Instant.EPOCH);

    private final LoadShedder shedder = LoadShedder.builder().largeRequestThreshold(1000).clock(clock)
            .ticker(clock.ticker()).build();

    {
        shedder.addListener(summaries::add);
    }

    @Test
    void admitsEverythingBelowBothLevels() {
        assertThat(shedder.admitsEverything(MemoryPressureLevel.MODERATE)).isTrue();
        assertThat(shedder.admitsEverything(MemoryPressureLevel.HIGH)).isFalse();
        assertThat(shedder.decide(MemoryPressureLevel.MODERATE, Long.MAX_VALUE)).isNull();
    }

    @Test
    void refusesLargeRequestsFromTheLargeRequestLevel() {
        assertThat(shedder.decide(MemoryPressureLevel.HIGH, 1001)).isEqualTo(ShedReason.LARGE_REQUEST);
        assertThat(shedder.decide(MemoryPressureLevel.HIGH, 1000)).isNull();
        assertThat(shedder.decide(MemoryPressureLevel.HIGH, -1)).as("no body announced").isNull();
    }

    @Test
    void largeRequestsShareOnePlaceThatIsNeverHeldTwice() throws Exception {
        int threads = 4;
        int rounds = 20_000;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        if (shedder.tryStartLargeRequest(1, CALM)) {
                            started.incrementAndGet();
                            mostAtOnce.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            holders.decrementAndGet();
                            shedder.largeRequestEnded();
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(started.get()).isPositive();
        assertThat(shedder.tryStartLargeRequest(1, CALM)).as("given back by the last holder").isTrue();
        assertThat(shedder.tryStartLargeRequest(1, CALM)).as("held now").isFalse();
    }

    @Test
    void aLargeBodyRunsOnlyIfFourTimesItFitsBelowTheHighThresholdOfHeapAndContainer() {
        // Heap: 0.85 x 1000 - 600 = 250 bytes of headroom; container: 0.85 x 2000 - 1500 = 200.
        MemorySnapshot snapshot = new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.HIGH,
                MemorySignal.HEAP_AFTER_GC, Map.of(
                        MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC, 0.6, 600, 1000),
                        MemorySignal.CONTAINER, new SignalReading(MemorySignal.CONTAINER, 0.75, 1500, 2000)),
                null, null, GcActivity.NONE, null, null, null);
        assertThat(shedder.tryStartLargeRequest(51, snapshot)).as("204 bytes expected, 200 left").isFalse();
        assertThat(shedder.tryStartLargeRequest(50, snapshot)).as("200 bytes expected").isTrue();
        shedder.largeRequestEnded();
        LoadShedder weighingTwice = LoadShedder.builder().largeRequestBodyFactor(2).build();
        assertThat(weighingTwice.tryStartLargeRequest(101, snapshot)).as("202 bytes expected, 200 left").isFalse();
        assertThat(weighingTwice.tryStartLargeRequest(100, snapshot)).as("200 bytes expected").isTrue();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().largeRequestHeadroomThreshold(0).build())
                .withMessageContaining("largeRequestHeadroomThreshold");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().largeRequestBodyFactor(0.5).build())
                .withMessage("largeRequestBodyFactor must be at least 1, was 0.5");
    }

    @Test
    void refusesEverythingAtTheSheddingLevel() {
        assertThat(shedder.decide(MemoryPressureLevel.CRITICAL, -1)).isEqualTo(ShedReason.PRESSURE);
        assertThat(shedder.decide(MemoryPressureLevel.CRITICAL, 5000)).isEqualTo(ShedReason.PRESSURE);
    }

    @Test
    void theLowerOfBothLevelsDecidesWhetherAnythingCanBeRefused() {
        LoadShedder shedAtHigh = LoadShedder.builder().shedLevel(MemoryPressureLevel.HIGH)
                .largeRequestLevel(MemoryPressureLevel.CRITICAL).build();

        assertThat(shedAtHigh.admitsEverything(MemoryPressureLevel.MODERATE)).isTrue();
        assertThat(shedAtHigh.admitsEverything(MemoryPressureLevel.HIGH)).isFalse();
        assertThat(shedAtHigh.decide(MemoryPressureLevel.HIGH, -1)).isEqualTo(ShedReason.PRESSURE);
    }

    @Test
    void theFirstRefusalIsReportedAtOnceAndTheRestInBatches() {
        Instant start = clock.instant();
        shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        assertThat(summaries).containsExactly(new SheddingSummary(start, start, Map.of(ShedReason.PRESSURE, 1L),
                MemoryPressureLevel.CRITICAL));

        for (int i = 0; i < 99; i++) {
            clock.advance(Duration.ofMillis(5));
            shedder.recordShed(i % 3 == 0 ? ShedReason.LARGE_REQUEST : ShedReason.PRESSURE,
                    MemoryPressureLevel.CRITICAL);
        }
        assertThat(summaries).as("within the batch interval").hasSize(1);

        clock.advance(Duration.ofMillis(505));
        shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);

        assertThat(summaries).hasSize(2);
        SheddingSummary batch = summaries.get(1);
        assertThat(batch.counts()).containsExactlyInAnyOrderEntriesOf(
                Map.of(ShedReason.PRESSURE, 67L, ShedReason.LARGE_REQUEST, 33L));
        assertThat(batch.total()).isEqualTo(100);
        assertThat(batch.from()).isEqualTo(start);
        assertThat(batch.to()).isEqualTo(clock.instant());
        assertThat(shedder.shedCount(ShedReason.PRESSURE)).isEqualTo(68);
        assertThat(shedder.shedCount(ShedReason.LARGE_REQUEST)).isEqualTo(33);
    }

    @Test
    void batchesArePacedByTheTickerAndStampedByTheClock() {
        AtomicLong ticker = new AtomicLong(TestClock.TICKER_START);
        LoadShedder paced = LoadShedder.builder().clock(clock).ticker(ticker::get).build();
        List<SheddingSummary> seen = new ArrayList<>();
        paced.addListener(seen::add);
        paced.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);

        clock.advance(Duration.ofMinutes(1));
        paced.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        assertThat(seen).as("the wall clock jumped, the ticker did not").hasSize(1);

        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        paced.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).to()).isEqualTo(clock.instant());
        assertThat(seen.get(1).total()).isEqualTo(2);
    }

    @Test
    void aPressureChangeFlushesWhatIsPending() {
        shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);
        shedder.recordShed(ShedReason.LARGE_REQUEST, MemoryPressureLevel.HIGH);

        shedder.onPressureLevel(MemoryPressureLevel.HIGH, MemoryPressureLevel.MODERATE);

        assertThat(summaries).hasSize(2);
        assertThat(summaries.get(1).counts()).containsExactlyInAnyOrderEntriesOf(
                Map.of(ShedReason.PRESSURE, 1L, ShedReason.LARGE_REQUEST, 1L));
        assertThat(summaries.get(1).level()).isEqualTo(MemoryPressureLevel.HIGH);
    }

    @Test
    void flushingWithNothingPendingReportsNothing() {
        shedder.flush();

        assertThat(summaries).isEmpty();
    }

    @Test
    void aThrowingListenerIsCountedAndTheOthersStillHearTheSummary() {
        shedder.addListener(summary -> {
            throw new IllegalStateException("broken listener");
        });
        AtomicReference<SheddingSummary> later = new AtomicReference<>();
        shedder.addListener(later::set);

        shedder.recordShed(ShedReason.PRESSURE, MemoryPressureLevel.CRITICAL);

        assertThat(shedder.listenerFailures()).isEqualTo(1);
        assertThat(summaries).hasSize(1);
        assertThat(later.get()).isNotNull();
    }

    @Test
    void summariesAddUpToTheTotalsUnderContention() throws InterruptedException {
        List<SheddingSummary> all = new CopyOnWriteArrayList<>();
        LoadShedder contended = LoadShedder.builder().batchInterval(Duration.ofMillis(1)).build();
        contended.addListener(all::add);
        int threads = 8;
        int perThread = 250_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ShedReason reason = t % 2 == 0 ? ShedReason.PRESSURE : ShedReason.LARGE_REQUEST;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    contended.recordShed(reason, MemoryPressureLevel.CRITICAL);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        contended.flush();

        long reported = all.stream().mapToLong(SheddingSummary::total).sum();
        assertThat(reported).isEqualTo((long) threads * perThread);
        assertThat(contended.shedCount(ShedReason.PRESSURE) + contended.shedCount(ShedReason.LARGE_REQUEST))
                .isEqualTo(reported);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).from()).as("summaries are contiguous").isEqualTo(all.get(i - 1).to());
        }
    }

    @Test
    void rejectsSheddingAtNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().shedLevel(MemoryPressureLevel.NONE).build())
                .withMessageStartingWith("shedLevel must be above NONE");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().largeRequestLevel(MemoryPressureLevel.NONE).build())
                .withMessageStartingWith("largeRequestLevel must be above NONE");
    }

    @Test
    void rejectsANegativeThresholdAndANonPositiveInterval() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().largeRequestThreshold(-1).build())
                .withMessage("largeRequestThreshold must not be negative, was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadShedder.builder().batchInterval(Duration.ZERO).build())
                .withMessage("batchInterval must be positive, was PT0S");
    }
}
