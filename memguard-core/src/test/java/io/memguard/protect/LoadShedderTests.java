package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.function.IntConsumer;

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

    /** A snapshot without readings: no headroom is known, so large bodies run one at a time. */
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
    void withoutAReadingLargeRequestsRunOneAtATime() throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        onFourThreads((thread) -> {
            if (shedder.tryStartLargeRequest(1, CALM)) {
                started.incrementAndGet();
                mostAtOnce.accumulateAndGet(holders.incrementAndGet(), Math::max);
                holders.decrementAndGet();
                shedder.largeRequestEnded(1);
            }
        });
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(started.get()).isPositive();
        assertThat(shedder.largeRequestBytes()).as("every share given back").isZero();
        assertThat(shedder.tryStartLargeRequest(1, CALM)).as("given back by the last holder").isTrue();
        assertThat(shedder.tryStartLargeRequest(1, CALM)).as("held now").isFalse();
    }

    @Test
    void largeRequestsRunningTogetherNeverExpectMoreThanTheMemoryLeft() throws Exception {
        // Heap: 0.95 x 1000 - 600 = 350 bytes left; bodies of 10 to 40 bytes are expected to hold 40 to 160.
        MemorySnapshot snapshot = snapshot(600, 1000, 0, 0);
        AtomicLong expectedHeld = new AtomicLong();
        AtomicLong mostAtOnce = new AtomicLong();
        onFourThreads((thread) -> {
            long body = 10 * (thread + 1);
            if (shedder.tryStartLargeRequest(body, snapshot)) {
                mostAtOnce.accumulateAndGet(expectedHeld.addAndGet(4 * body), Math::max);
                expectedHeld.addAndGet(-4 * body);
                shedder.largeRequestEnded(body);
            }
        });
        assertThat(mostAtOnce.get()).as("never more than the 350 bytes left").isBetween(40L, 350L);
        assertThat(shedder.largeRequestBytes()).as("every share given back").isZero();
        assertThat(shedder.tryStartLargeRequest(87, snapshot)).as("348 of 350 bytes, all free again").isTrue();
    }

    @Test
    void largeBodiesRunWhileFourTimesTheirSumFitsBelowTheCriticalThresholdOfHeapAndContainer() {
        // Heap: 0.95 x 1000 - 600 = 350 bytes left; container: 0.95 x 2000 - 1400 = 500.
        MemorySnapshot snapshot = snapshot(600, 1000, 1400, 2000);
        assertThat(shedder.tryStartLargeRequest(88, snapshot)).as("352 bytes expected, 350 left").isFalse();
        assertThat(shedder.tryStartLargeRequest(50, snapshot)).as("200 bytes expected").isTrue();
        assertThat(shedder.tryStartLargeRequest(38, snapshot)).as("152 more, 150 left beside the first").isFalse();
        assertThat(shedder.tryStartLargeRequest(37, snapshot)).as("148 more").isTrue();
        assertThat(shedder.largeRequestBytes()).isEqualTo(348);
        shedder.largeRequestEnded(50);
        assertThat(shedder.tryStartLargeRequest(50, snapshot)).as("the first one's share given back").isTrue();
        shedder.largeRequestEnded(50);
        shedder.largeRequestEnded(37);
        assertThat(shedder.largeRequestBytes()).isZero();
        // The container is the tighter: 0.95 x 2000 - 1800 = 100 bytes left.
        assertThat(shedder.tryStartLargeRequest(26, snapshot(600, 1000, 1800, 2000))).as("104 bytes expected").isFalse();
        LoadShedder weighingTwice = LoadShedder.builder().largeRequestBodyFactor(2).build();
        assertThat(weighingTwice.tryStartLargeRequest(176, snapshot)).as("352 bytes expected, 350 left").isFalse();
        assertThat(weighingTwice.tryStartLargeRequest(175, snapshot)).as("350 bytes expected").isTrue();
        LoadShedder belowHigh = LoadShedder.builder().largeRequestHeadroomThreshold(0.85).build();
        assertThat(belowHigh.tryStartLargeRequest(63, snapshot)).as("252 bytes expected, 250 left below 0.85").isFalse();
        assertThat(belowHigh.tryStartLargeRequest(62, snapshot)).as("248 bytes expected").isTrue();
        assertThat(shedder.tryStartLargeRequest(Long.MAX_VALUE, snapshot)).as("an absurd body never fits").isFalse();
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

    /** A snapshot at HIGH with a heap-after-GC reading and, if {@code containerLimit} is positive, a container one. */
    private static MemorySnapshot snapshot(long heapUsed, long heapLimit, long containerUsed, long containerLimit) {
        Map<MemorySignal, SignalReading> readings = new EnumMap<>(MemorySignal.class);
        readings.put(MemorySignal.HEAP_AFTER_GC, new SignalReading(MemorySignal.HEAP_AFTER_GC,
                (double) heapUsed / heapLimit, heapUsed, heapLimit));
        if (containerLimit > 0) {
            readings.put(MemorySignal.CONTAINER, new SignalReading(MemorySignal.CONTAINER,
                    (double) containerUsed / containerLimit, containerUsed, containerLimit));
        }
        return new MemorySnapshot(Instant.EPOCH, MemoryPressureLevel.HIGH, MemorySignal.HEAP_AFTER_GC, readings, null,
                null, GcActivity.NONE, null, null, null);
    }

    /** Runs a round 20,000 times on each of four threads at once, given the thread's number (0 to 3). */
    private static void onFourThreads(IntConsumer round) throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        round.accept(thread);
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
    }
}
