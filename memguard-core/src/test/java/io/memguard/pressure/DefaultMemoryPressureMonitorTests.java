package io.memguard.pressure;

import static io.memguard.pressure.MemoryPressureLevel.CRITICAL;
import static io.memguard.pressure.MemoryPressureLevel.HIGH;
import static io.memguard.pressure.MemoryPressureLevel.LOW;
import static io.memguard.pressure.MemoryPressureLevel.MODERATE;
import static io.memguard.pressure.MemoryPressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.lang.management.MemoryUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;
import io.memguard.pressure.LongLivedPools.PoolUse;
import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.PressureSettings.PressureThresholds;
import io.memguard.testing.TestClock;

class DefaultMemoryPressureMonitorTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final long MIB = 1024 * 1024;

    private final TestClock clock = new TestClock(START);

    private final FakeMachine machine = new FakeMachine();

    private final List<MemoryPressureChange> changes = new CopyOnWriteArrayList<>();

    /** A ticker apart from the clock, 30 s before {@code long} wraps: readings are compared by difference only. */
    private final AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());

    /** A monitor of the fake machine, on the test clock and its ticker. */
    private DefaultMemoryPressureMonitor.Builder monitor() {
        return machine.monitor().clock(clock).ticker(clock.ticker());
    }

    /** A monitor of the fake machine whose ticker and clock are moved apart, by {@link #elapse}. */
    private DefaultMemoryPressureMonitor.Builder monitorOnTicker() {
        return machine.monitor().clock(clock).ticker(ticker::get);
    }

    /**
     * Fires a collection at a started monitor and waits for the refresh the monitor then runs on its own thread, so
     * that it cannot land between the test's later steps (a clock moved, a heap changed) and see a state the test did
     * not mean it to see.
     */
    private void collect(DefaultMemoryPressureMonitor monitor, GarbageCollection collection) {
        MemorySnapshot before = monitor.snapshot();
        machine.fireCollection(collection);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                .until(() -> monitor.snapshot() != before);
    }

    /** Moves {@link #ticker} by {@code onTicker} and the clock by {@code onClock}. */
    private void elapse(Duration onTicker, Duration onClock) {
        ticker.addAndGet(onTicker.toNanos());
        clock.advance(onClock);
    }

    @Test
    void theTimeSinceTheLastCollectionAndTheAllocationRateFollowTheTickerNotTheClock() {
        machine.gc = FakeMachine.gc(7, START.minusSeconds(5), 1_000);
        DefaultMemoryPressureMonitor monitor = monitorOnTicker().build();
        assertThat(monitor.refresh().gc().timeSinceLastGc()).as("placed on the ticker by its age on the clock")
                .isEqualTo(Duration.ofSeconds(5));
        elapse(Duration.ofSeconds(2), Duration.ofHours(-1));
        machine.gc = FakeMachine.gc(7, START.minusSeconds(5), 6_000);
        MemorySnapshot later = monitor.refresh();
        assertThat(later.timestamp()).as("stamped by the clock").isEqualTo(START.minus(Duration.ofHours(1)));
        assertThat(later.gc().timeSinceLastGc()).as("the same collection, 2 s on").isEqualTo(Duration.ofSeconds(7));
        assertThat(later.gc().allocationRateBytesPerSecond()).as("5,000 bytes in 2 s").isCloseTo(2_500,
                within(1e-6));
        elapse(Duration.ofSeconds(1), Duration.ofHours(3));
        machine.gc = FakeMachine.gc(8, clock.instant().minusSeconds(1), 6_500);
        GcActivity next = monitor.refresh().gc();
        assertThat(next.timeSinceLastGc()).as("a new collection, 1 s old on the clock")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(next.allocationRateBytesPerSecond()).isCloseTo(500, within(1e-6));
    }

    @Test
    void aCollectionEndFarInThePastOrTheFutureIsACenturyAgoOrNow() {
        machine.gc = FakeMachine.gc(1, Instant.MIN, -1);
        DefaultMemoryPressureMonitor monitor = monitorOnTicker().build();
        assertThat(monitor.refresh().gc().timeSinceLastGc()).isEqualTo(Duration.ofDays(36_500));
        machine.gc = FakeMachine.gc(2, Instant.MAX, -1);
        assertThat(monitor.refresh().gc().timeSinceLastGc()).isEqualTo(Duration.ZERO);
    }

    @Test
    void theGcOverheadWindowAndTheTimeSinceTheLiveSetWasMeasuredFollowTheTickerNotTheClock() {
        try (DefaultMemoryPressureMonitor monitor = monitorOnTicker().settings(hourly().build()).build().start()) {
            elapse(Duration.ofSeconds(1), Duration.ofSeconds(1));
            collect(monitor, RecentCollectionsTests.young(2_500));
            collect(monitor, FakeMachine.MEASURING);
            assertThat(monitor.refresh().gc().pauseShare()).isEqualTo(0.2503);
            elapse(Duration.ofSeconds(2), Duration.ofHours(1));
            GcActivity hourLater = monitor.refresh().gc();
            assertThat(hourLater.pauseShare()).as("an hour on the clock, 2 s on the ticker").isEqualTo(0.2503);
            assertThat(hourLater.timeSinceLiveSetMeasured()).isEqualTo(Duration.ofSeconds(2));
            elapse(Duration.ofSeconds(8), Duration.ofHours(-2));
            GcActivity windowLater = monitor.refresh().gc();
            assertThat(windowLater.pauseShare()).as("10 s on the ticker, the clock back an hour").isEqualTo(0.0);
            assertThat(windowLater.timeSinceLiveSetMeasured()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void theRiseRateAndTheFastIntervalFollowTheTickerNotTheClock() {
        machine.container = FakeMachine.container(0.76);
        DefaultMemoryPressureMonitor monitor = monitorOnTicker().build();
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(MODERATE);
        elapse(Duration.ofSeconds(2), Duration.ofHours(-1));
        machine.container = FakeMachine.container(0.60);
        monitor.refresh();
        assertThat(monitor.containerRiseRate()).as("-0.16 in 2 s on the ticker").isCloseTo(-0.08, within(1e-9));
        elapse(Duration.ofMillis(7_900), Duration.ofHours(2));
        monitor.refresh();
        assertThat(monitor.nextPollDelay()).as("9.9 s after MODERATE on the ticker, 1 h on the clock")
                .isEqualTo(Duration.ofMillis(100));
        elapse(Duration.ofMillis(100), Duration.ZERO);
        monitor.refresh();
        assertThat(monitor.nextPollDelay()).as("10 s after MODERATE on the ticker").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theGrowthProjectionAndItsHoldFollowTheTickerNotTheClock() {
        DefaultMemoryPressureMonitor monitor = monitorOnTicker().build();
        // 0.1 of the limit per second on the ticker, while the clock jumps back an hour at the second reading.
        for (int i = 0; i < 3; i++) {
            machine.container = FakeMachine.container(0.30 + 0.01 * i);
            monitor.refresh();
            elapse(Duration.ofMillis(100), (i == 0) ? Duration.ofHours(-1) : Duration.ofMillis(100));
        }
        assertThat(monitor.snapshot().signal(MemorySignal.CONTAINER).orElseThrow().secondsToLimit())
                .as("(0.95 - 0.32) / 0.1 per second").isCloseTo(6.3, within(1e-6));
        // 0.1 per 100 ms: critical projected 2 s ahead from 0.75 on.
        for (int i = 0; i < 3; i++) {
            machine.container = FakeMachine.container(0.55 + 0.1 * i);
            monitor.refresh();
            elapse(Duration.ofMillis(100), Duration.ofMillis(100));
        }
        assertThat(monitor.level()).isEqualTo(CRITICAL);
        assertThat(monitor.snapshot().projected()).isTrue();
        // The container reads nothing from now on: its last reading stays, stale, and projects nothing more.
        machine.container = null;
        elapse(Duration.ofMillis(1_800), Duration.ofHours(1));
        monitor.refresh();
        assertThat(monitor.level()).as("held for 2 s on the ticker, whatever the clock").isEqualTo(CRITICAL);
        elapse(Duration.ofMillis(100), Duration.ofHours(-3));
        monitor.refresh();
        assertThat(monitor.level()).as("2 s on the ticker since it was projected").isEqualTo(MODERATE);
    }

    @Test
    void levelIsNoneAndSnapshotEmptyBeforeTheFirstObservation() {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        assertThat(monitor.level()).isEqualTo(NONE);
        assertThat(monitor.snapshot().signals()).isEmpty();
        assertThat(monitor.isRunning()).isFalse();
    }

    @Test
    void refreshReadsEverySignalIntoTheSnapshot() {
        machine.heap = FakeMachine.heapAfterGc(0.88);
        machine.container = FakeMachine.container(0.5);
        machine.psi = new PressureStall(0.01, 0, 0, 0, 0, 0, "/proc/pressure/memory");
        DefaultMemoryPressureMonitor monitor = monitor().build();
        MemorySnapshot snapshot = monitor.refresh();
        assertThat(snapshot).isSameAs(monitor.snapshot());
        assertThat(snapshot.timestamp()).isEqualTo(START);
        assertThat(snapshot.level()).isEqualTo(HIGH).isEqualTo(monitor.level());
        assertThat(snapshot.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        assertThat(snapshot.signals()).as("every signal but gc-overhead, which needs GC notifications (start())")
                .containsOnlyKeys(EnumSet.complementOf(EnumSet.of(MemorySignal.GC_OVERHEAD)));
        assertThat(snapshot.signal(MemorySignal.CONTAINER)).get().extracting(SignalReading::ratio).isEqualTo(0.5);
        assertThat(snapshot.heap()).isEqualTo(machine.heap);
        assertThat(snapshot.direct()).isEqualTo(machine.direct);
        assertThat(snapshot.container()).isEqualTo(machine.container);
        assertThat(snapshot.system()).isEqualTo(machine.system);
        assertThat(snapshot.psi()).isEqualTo(machine.psi);
    }

    @Test
    void snapshotListenersHearEveryRefreshLevelChangeOrNotAndOneThatThrowsStopsNothing() {
        machine.heap = FakeMachine.heapAfterGc(0.30);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        List<MemorySnapshot> heard = new CopyOnWriteArrayList<>();
        monitor.addSnapshotListener((snapshot) -> {
            throw new IllegalStateException("listener failure on purpose");
        });
        monitor.addSnapshotListener(heard::add);
        MemorySnapshot first = monitor.refresh();
        MemorySnapshot second = monitor.refresh();
        machine.heap = FakeMachine.heapAfterGc(0.88);
        MemorySnapshot third = monitor.refresh();
        assertThat(heard).containsExactly(first, second, third);
        assertThat(third.level()).isEqualTo(HIGH);
        assertThat(monitor.listenerFailures()).isEqualTo(3);
        Consumer<MemorySnapshot> removed = heard::add;
        monitor.addSnapshotListener(removed);
        monitor.removeSnapshotListener(removed);
        monitor.refresh();
        assertThat(heard).hasSize(4);
    }

    @Test
    void absentSignalsStayAbsent() {
        machine.container = null;
        machine.psi = null;
        MemorySnapshot snapshot = monitor().build().refresh();
        assertThat(snapshot.container()).isNull();
        assertThat(snapshot.psi()).isNull();
        assertThat(snapshot.signal(MemorySignal.CONTAINER)).isEmpty();
        assertThat(snapshot.signal(MemorySignal.PSI)).isEmpty();
    }

    @Test
    void disabledSignalsAreNeitherReadNorReported() {
        AtomicInteger containerReads = new AtomicInteger();
        DefaultMemoryPressureMonitor monitor = monitor()
                .containerProbe(() -> {
                    containerReads.incrementAndGet();
                    return Optional.of(FakeMachine.container(0.99));
                })
                .settings(PressureSettings.builder().signalEnabled(MemorySignal.CONTAINER, false).build()).build();
        MemorySnapshot snapshot = monitor.refresh();
        assertThat(containerReads).hasValue(0);
        assertThat(snapshot.container()).isNull();
        assertThat(snapshot.level()).isEqualTo(NONE);
    }

    @Test
    void listenersAreToldOfEveryChangeAndOnlyOfChanges() {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.addListener(changes::add);
        monitor.refresh();
        assertThat(changes).isEmpty();
        machine.heap = FakeMachine.heapAfterGc(0.78);
        monitor.refresh();
        monitor.refresh();
        machine.heap = FakeMachine.heapAfterGc(0.97);
        clock.advance(Duration.ofSeconds(1));
        MemorySnapshot critical = monitor.refresh();
        assertThat(changes).extracting(MemoryPressureChange::previous, MemoryPressureChange::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NONE, MODERATE),
                        org.assertj.core.groups.Tuple.tuple(MODERATE, CRITICAL));
        assertThat(changes.get(1).snapshot()).isSameAs(critical);
        assertThat(changes.get(1).isRising()).isTrue();
    }

    @Test
    void aRemovedListenerIsNoLongerTold() {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        Consumer<MemoryPressureChange> listener = changes::add;
        monitor.addListener(listener);
        monitor.removeListener(listener);
        machine.heap = FakeMachine.heapAfterGc(0.9);
        monitor.refresh();
        assertThat(changes).isEmpty();
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersAndTheMonitorCarryOn() {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.addListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        monitor.addListener(change -> {
            throw new NoClassDefFoundError("missing/Thing");
        });
        monitor.addListener(changes::add);
        machine.heap = FakeMachine.heapAfterGc(0.9);
        monitor.refresh();
        machine.heap = FakeMachine.heapAfterGc(0.1);
        monitor.refresh();
        assertThat(changes).extracting(MemoryPressureChange::current).containsExactly(HIGH, NONE);
        assertThat(monitor.listenerFailures()).isEqualTo(4);
        assertThat(monitor.level()).isEqualTo(NONE);
    }

    @Test
    void heapAfterGcFallsWithoutACollectionOnceMemoryIsReleased() {
        long max = 1000;
        long[] oldGenNow = { 900 };
        long afterLastGc = 900;
        JvmHeapProbe heapProbe = new JvmHeapProbe(() -> new MemoryUsage(0, oldGenNow[0] + 50, max, max),
                () -> List.of(new PoolUse("G1 Old Gen", oldGenNow[0], afterLastGc, max)));
        DefaultMemoryPressureMonitor monitor = monitor().heapProbe(heapProbe::read).build();
        assertThat(monitor.refresh().level()).isEqualTo(HIGH);
        oldGenNow[0] = 200;
        MemorySnapshot idle = monitor.refresh();
        assertThat(idle.level()).isEqualTo(NONE);
        assertThat(idle.heap().afterGcUsedBytes()).isEqualTo(200);
    }

    @Test
    void gcActivityComesFromTheProbeAndTheInjectedClock() {
        machine.gc = FakeMachine.gc(7, START.minusSeconds(5), 1_000);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        GcActivity first = monitor.refresh().gc();
        assertThat(first.count()).isEqualTo(7);
        assertThat(first.pauseTotal()).isEqualTo(Duration.ofMillis(21));
        assertThat(first.timeSinceLastGc()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.allocationRateBytesPerSecond()).as("unknown on the first observation").isEqualTo(-1);
        clock.advance(Duration.ofSeconds(2));
        machine.gc = FakeMachine.gc(8, START.plusSeconds(1), 6_000);
        GcActivity second = monitor.refresh().gc();
        assertThat(second.timeSinceLastGc()).isEqualTo(Duration.ofSeconds(1));
        assertThat(second.allocationRateBytesPerSecond()).isCloseTo(2_500, within(1e-6));
        GcActivity sameInstant = monitor.refresh().gc();
        assertThat(sameInstant.allocationRateBytesPerSecond()).as("kept when no time passed").isCloseTo(2_500,
                within(1e-6));
    }

    @Test
    void noCollectionYetAndNoAllocationCounter() {
        machine.gc = FakeMachine.gc(0, null, -1);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.refresh();
        clock.advance(Duration.ofSeconds(1));
        GcActivity gc = monitor.refresh().gc();
        assertThat(gc.timeSinceLastGc()).isNull();
        assertThat(gc.allocationRateBytesPerSecond()).isEqualTo(-1);
    }

    @Test
    void aFailingProbeMakesItsSignalAbsentUntilItRecovers() {
        AtomicBoolean failing = new AtomicBoolean(true);
        DefaultMemoryPressureMonitor monitor = monitor().containerProbe(() -> {
            if (failing.get()) {
                throw new IllegalStateException("cgroup file vanished");
            }
            return Optional.of(FakeMachine.container(0.9));
        }).build();
        MemorySnapshot failed = monitor.refresh();
        assertThat(failed.container()).isNull();
        assertThat(failed.signal(MemorySignal.CONTAINER)).as("no earlier reading to keep").isEmpty();
        assertThat(failed.heap()).isNotNull();
        monitor.refresh();
        assertThat(monitor.probeFailures(MemorySignal.CONTAINER)).isEqualTo(2);
        failing.set(false);
        assertThat(monitor.refresh().level()).isEqualTo(HIGH);
    }

    @Test
    void aFailedReadKeepsTheLastReadingMarkedStaleSoTheLevelDoesNotDrop() {
        AtomicBoolean failing = new AtomicBoolean();
        DefaultMemoryPressureMonitor monitor = monitor().heapProbe(() -> {
            if (failing.get()) {
                throw new IllegalStateException("heap bean unreadable");
            }
            return Optional.of(machine.heap);
        }).directProbe(Optional::empty).build();
        monitor.addListener(changes::add);
        machine.heap = FakeMachine.heapAfterGc(0.97);
        assertThat(monitor.refresh().level()).isEqualTo(CRITICAL);

        failing.set(true);
        MemorySnapshot failed = monitor.refresh();
        assertThat(failed.level()).as("one failed read does not bypass hysteresis").isEqualTo(CRITICAL);
        assertThat(failed.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        assertThat(failed.signal(MemorySignal.HEAP_AFTER_GC)).get()
                .satisfies((reading) -> assertThat(reading.stale()).isTrue())
                .extracting(SignalReading::ratio).isEqualTo(0.97);
        assertThat(failed.heap()).as("the details behind the kept reading").isEqualTo(machine.heap);
        monitor.refresh();
        assertThat(monitor.probeFailures(MemorySignal.HEAP_AFTER_GC)).isEqualTo(2);
        assertThat(monitor.probeFailures(MemorySignal.HEAP)).isEqualTo(2);
        assertThat(monitor.probeFailures(MemorySignal.CONTAINER)).as("never read, never failed").isZero();
        assertThat(monitor.probeFailures(MemorySignal.DIRECT)).as("empty from the start: absent, not failing")
                .isZero();

        failing.set(false);
        machine.heap = FakeMachine.heapAfterGc(0.30);
        MemorySnapshot recovered = monitor.refresh();
        assertThat(recovered.level()).isEqualTo(NONE);
        assertThat(recovered.signal(MemorySignal.HEAP_AFTER_GC)).get().extracting(SignalReading::stale)
                .isEqualTo(false);
        assertThat(changes).extracting(MemoryPressureChange::current).containsExactly(CRITICAL, NONE);
    }

    @Test
    void aProbeThatReadsNothingAfterAValueKeepsTheValueStale() {
        machine.container = FakeMachine.container(0.90);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        assertThat(monitor.refresh().level()).isEqualTo(HIGH);
        machine.container = null;
        MemorySnapshot empty = monitor.refresh();
        assertThat(empty.level()).isEqualTo(HIGH);
        assertThat(empty.signal(MemorySignal.CONTAINER)).get().extracting(SignalReading::stale).isEqualTo(true);
        assertThat(monitor.probeFailures(MemorySignal.CONTAINER)).isEqualTo(1);
    }

    @Test
    void aListenerThatRefreshesReentrantlyLetsEveryListenerHearTheChangesInOrder() {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.addListener((change) -> {
            if (change.current() == CRITICAL) {
                // Releases what it held, then asks for a fresh level at once.
                machine.heap = FakeMachine.heapAfterGc(0.20);
                monitor.refresh();
            }
        });
        monitor.addListener(changes::add);
        machine.heap = FakeMachine.heapAfterGc(0.97);
        monitor.refresh();
        assertThat(changes).extracting((change) -> change.previous() + "->" + change.current())
                .containsExactly("NONE->CRITICAL", "CRITICAL->NONE");
        assertThat(monitor.level()).isEqualTo(NONE);
    }

    @Test
    void gcOverheadDrivesTheLevelOverItsWindow() {
        try (DefaultMemoryPressureMonitor monitor = monitor().settings(hourly().build())
                .build().start()) {
            assertThat(monitor.snapshot().signal(MemorySignal.GC_OVERHEAD)).get().extracting(SignalReading::ratio)
                    .isEqualTo(0.0);
            clock.advance(Duration.ofSeconds(1));
            collect(monitor, RecentCollectionsTests.young(2_500));
            MemorySnapshot paused = monitor.refresh();
            assertThat(paused.level()).isEqualTo(HIGH);
            assertThat(paused.drivingSignal()).isEqualTo(MemorySignal.GC_OVERHEAD);
            assertThat(paused.gc().pauseShare()).isEqualTo(0.25);
            clock.advance(Duration.ofSeconds(10));
            assertThat(monitor.refresh().level()).as("the pause has left the window").isEqualTo(NONE);
        }
    }

    @Test
    void gcCpuTimeWhereTheJvmReportsItDrivesTheGcOverheadWithShortPauses() {
        machine.gc = new GcTotals(0, Duration.ZERO, null, -1, Duration.ZERO);
        try (DefaultMemoryPressureMonitor monitor = monitor().processors(() -> 2)
                .settings(hourly().build()).build().start()) {
            assertThat(monitor.snapshot().gc().cpuShare()).isEqualTo(0.0);
            // A concurrent collector: one processor of two busy for 5 s, its pauses 5 ms in all.
            clock.advance(Duration.ofSeconds(5));
            machine.gc = new GcTotals(10, Duration.ofMillis(5), START, -1, Duration.ofSeconds(5));
            MemorySnapshot busy = monitor.refresh();
            assertThat(busy.gc().pauseShare()).as("no pause notified").isEqualTo(0.0);
            assertThat(busy.gc().cpuShare()).as("5 s of CPU over 10 s x 2 processors").isEqualTo(0.25);
            assertThat(busy.signal(MemorySignal.GC_OVERHEAD)).get().extracting(SignalReading::ratio).isEqualTo(0.25);
            assertThat(busy.level()).isEqualTo(HIGH);
            assertThat(busy.drivingSignal()).isEqualTo(MemorySignal.GC_OVERHEAD);
            clock.advance(Duration.ofSeconds(11));
            assertThat(monitor.refresh().level()).as("no GC CPU time in the last window").isEqualTo(NONE);
        }
    }

    @Test
    void withoutGcCpuTimeTheGcOverheadIsThePauseShareAlone() {
        try (DefaultMemoryPressureMonitor monitor = monitor().settings(hourly().build())
                .build().start()) {
            clock.advance(Duration.ofSeconds(1));
            collect(monitor, RecentCollectionsTests.young(1_000));
            MemorySnapshot paused = monitor.refresh();
            assertThat(paused.gc().cpuShare()).as("not reported").isEqualTo(-1.0);
            assertThat(paused.signal(MemorySignal.GC_OVERHEAD)).get().extracting(SignalReading::ratio)
                    .isEqualTo(0.10);
        }
    }

    @Test
    void twoForcedFullCollectionsInTheWindowAreCriticalHoweverShort() {
        try (DefaultMemoryPressureMonitor monitor = monitor().settings(hourly().build())
                .build().start()) {
            GarbageCollection explicit = GarbageCollection.of("G1 Old Generation", "end of major GC", "System.gc()",
                    5, 90, 40);
            collect(monitor, explicit);
            collect(monitor, explicit);
            assertThat(monitor.refresh().level()).as("asked-for collections are not the heap running out")
                    .isEqualTo(NONE);
            collect(monitor, RecentCollectionsTests.full());
            assertThat(monitor.refresh().level()).isEqualTo(NONE);
            clock.advance(Duration.ofSeconds(2));
            collect(monitor, RecentCollectionsTests.full());
            MemorySnapshot backToBack = monitor.refresh();
            assertThat(backToBack.level()).isEqualTo(CRITICAL);
            assertThat(backToBack.drivingSignal()).isEqualTo(MemorySignal.GC_OVERHEAD);
            assertThat(backToBack.gc().fullCollections()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(9));
            assertThat(monitor.refresh().level()).isEqualTo(NONE);
        }
    }

    @Test
    void whileHighAMeasurementThatPausedTheApplicationForSecondsIsNotRepeatedEveryInterval() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false, () -> clock.advance(Duration.ofSeconds(2)));
        machine.heap = FakeMachine.heapAfterGc(0.90);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(hourly().build()).build().start()) {
            assertThat(explicitGc.requests).as("HIGH, never measured").isEqualTo(1);
            for (int second = 3; second < 20; second++) {
                clock.advance(Duration.ofSeconds(1));
                monitor.refresh();
            }
            assertThat(explicitGc.requests).as("19 s after asking, of the 20 s a 2 s measurement waits").isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            monitor.refresh();
            assertThat(explicitGc.requests).isEqualTo(2);
        }
    }

    @Test
    void whileHighTheLiveSetIsMeasuredOnceNoCollectionHasForTheInterval() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false);
        machine.heap = FakeMachine.heapAfterGc(0.90);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(hourly().build()).build().start()) {
            assertThat(explicitGc.requests).as("HIGH, never measured").isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            monitor.refresh();
            assertThat(explicitGc.requests).as("asked for one 2s ago").isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            monitor.refresh();
            assertThat(explicitGc.requests).isEqualTo(2);
            clock.advance(Duration.ofSeconds(3));
            collect(monitor, GarbageCollection.of("G1 Young Generation", "end of minor GC",
                    "G1 Evacuation Pause", 4, 90, 80));
            clock.advance(Duration.ofSeconds(2));
            assertThat(monitor.refresh().gc().timeSinceLiveSetMeasured()).isEqualTo(Duration.ofSeconds(2));
            assertThat(explicitGc.requests).as("a collection measured it 2s ago").isEqualTo(2);
            machine.heap = FakeMachine.heapAfterGc(0.30);
            clock.advance(Duration.ofSeconds(5));
            assertThat(monitor.refresh().level()).isEqualTo(NONE);
            assertThat(explicitGc.requests).as("no measurement below HIGH").isEqualTo(2);
            assertThat(monitor.gcHintSnapshot().liveSetMeasurements()).isEqualTo(2);
        }
    }

    @Test
    void aYoungCollectionsReadingAtCriticalIsMeasuredAtOnceAndAMeasurementThereRaisesCritical() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false);
        machine.heap = FakeMachine.heapAfterGc(0.90);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(hourly().build()).build().start()) {
            assertThat(explicitGc.requests).as("HIGH, never measured").isEqualTo(1);
            Duration confirmation = PressureSettings.DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL
                    .dividedBy(GcHint.CONFIRMATION_SHARE);
            clock.advance(confirmation);
            machine.heap = FakeMachine.heapAfterGc(0.97);
            collect(monitor, GarbageCollection.of("G1 Young Generation", "end of minor GC",
                    "G1 Evacuation Pause", 4, 90, 97));
            MemorySnapshot young = monitor.refresh();
            assertThat(young.level()).as("a young collection's reading: HIGH at most").isEqualTo(HIGH);
            assertThat(explicitGc.requests).as("measured at once, not after the whole interval").isEqualTo(2);
            collect(monitor, GarbageCollection.of("G1 Old Generation", "end of major GC", "System.gc()", 40,
                    97, 97));
            assertThat(monitor.refresh().level()).as("the measurement confirms it").isEqualTo(CRITICAL);
        }
    }

    @Test
    void measuredLiveSetsGrowingTowardTheLimitRaiseCriticalBeforeOneIsMeasuredThere() {
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(new CountingExplicitGc(false))
                .settings(hourly().build()).build().start()) {
            MemorySnapshot young = readEverySecond(monitor, FakeMachine.YOUNG, 0.80, 0.84, 0.88);
            assertThat(young.level()).as("young collections' readings, however they grow").isEqualTo(HIGH);
            MemorySnapshot mixed = readEverySecond(monitor, FakeMachine.MEASURING, 0.80, 0.84, 0.88);
            assertThat(mixed.level()).as("mixed collections' readings, which leave old garbage").isEqualTo(HIGH);
            // 4% of the usable heap a second, measured: 0.88 now, 0.96 after the 2 s lead time.
            MemorySnapshot measured = readEverySecond(monitor, GarbageCollection.of("G1 Old Generation",
                    "end of major GC", "System.gc()", 40, 90, 90), 0.80, 0.84, 0.88);
            assertThat(measured.level()).isEqualTo(CRITICAL);
            assertThat(measured.projected()).isTrue();
            assertThat(measured.drivingSignal()).isEqualTo(MemorySignal.HEAP_AFTER_GC);
        }
    }

    /** Reads the heap after a collection of {@code kind} a second apart at each ratio; returns the last snapshot. */
    private MemorySnapshot readEverySecond(DefaultMemoryPressureMonitor monitor, GarbageCollection kind,
            double... ratios) {
        for (double ratio : ratios) {
            clock.advance(Duration.ofSeconds(1));
            machine.heap = FakeMachine.heapAfterGc(ratio);
            collect(monitor, kind);
        }
        return monitor.refresh();
    }

    @Test
    void afterHighTheLiveSetIsMeasuredBelowHighUntilTheLevelIsBackAtNone() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false);
        machine.heap = FakeMachine.heapAfterGc(0.90);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(hourly().build()).build().start()) {
            assertThat(explicitGc.requests).as("HIGH, never measured").isEqualTo(1);
            // A young collection's reading, which still counts what the busy service promoted, takes it below HIGH.
            machine.heap = FakeMachine.heapAfterGc(0.65);
            clock.advance(Duration.ofSeconds(1));
            assertThat(monitor.refresh().level()).isEqualTo(LOW);
            assertThat(explicitGc.requests).as("asked for one 1s ago").isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            monitor.refresh();
            assertThat(explicitGc.requests).as("LOW after HIGH: measured once more").isEqualTo(2);
            machine.heap = FakeMachine.heapAfterGc(0.20);
            clock.advance(Duration.ofSeconds(1));
            assertThat(monitor.refresh().level()).isEqualTo(NONE);
            machine.heap = FakeMachine.heapAfterGc(0.65);
            clock.advance(Duration.ofMinutes(1));
            assertThat(monitor.refresh().level()).isEqualTo(LOW);
            clock.advance(Duration.ofMinutes(1));
            monitor.refresh();
            assertThat(explicitGc.requests).as("a rise to LOW from NONE is not measured").isEqualTo(2);
            assertThat(monitor.gcHintSnapshot().liveSetMeasurements()).isEqualTo(2);
        }
    }

    @Test
    void aMeasurementDueWithExplicitGcDisabledIsCountedNotRequested() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(true);
        machine.heap = FakeMachine.heapAfterGc(0.96);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(hourly().build()).build().start()) {
            monitor.refresh();
            clock.advance(Duration.ofSeconds(3));
            monitor.refresh();
            assertThat(explicitGc.requests).isZero();
            assertThat(monitor.gcHintSnapshot().liveSetMeasurementsSkippedExplicitGcDisabled()).isEqualTo(2);
        }
    }

    @Test
    void aMeasurementDueWithExplicitGcDisabledProvokesAYoungCollectionWhereOneIsAvailable() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(true);
        CountingYoungCollectionProvoker young = new CountingYoungCollectionProvoker();
        machine.heap = FakeMachine.heapAfterGc(0.96);
        try (DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .youngCollections(young).settings(hourly().build()).build().start()) {
            monitor.refresh();
            clock.advance(Duration.ofSeconds(3));
            monitor.refresh();
            assertThat(explicitGc.requests).isZero();
            assertThat(young.provocations).isEqualTo(2);
            assertThat(monitor.gcHintSnapshot().liveSetMeasurementsProvoked()).isEqualTo(2);
            assertThat(monitor.gcHintSnapshot().liveSetMeasurementsSkippedExplicitGcDisabled()).isZero();
        }
    }

    /**
     * Settings whose polls, calm and fast, are an hour apart in real time: a started monitor then refreshes on its own
     * thread only after a collection ({@link #collect}), and every other refresh is the test's, on its clock.
     */
    private static PressureSettings.Builder hourly() {
        return PressureSettings.builder().interval(Duration.ofHours(1)).fastInterval(Duration.ofHours(1));
    }

    @Test
    void gcHintIsGivenOnEnteringHighOrCriticalWithinTheCooldown() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false);
        DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(PressureSettings.builder().gcHintEnabled(true).liveSetMeasurementEnabled(false).build())
                .build();
        machine.heap = FakeMachine.heapAfterGc(0.86);
        monitor.refresh();
        assertThat(explicitGc.requests).isEqualTo(1);
        monitor.refresh();
        assertThat(explicitGc.requests).as("staying at HIGH is not entering it").isEqualTo(1);
        machine.heap = FakeMachine.heapAfterGc(0.96);
        clock.advance(Duration.ofSeconds(10));
        monitor.refresh();
        assertThat(monitor.gcHintSnapshot().lastOutcome()).isEqualTo(GcHintSnapshot.Outcome.SKIPPED_COOLDOWN);
        machine.heap = FakeMachine.heapAfterGc(0.2);
        monitor.refresh();
        machine.heap = FakeMachine.heapAfterGc(0.9);
        clock.advance(Duration.ofSeconds(20));
        monitor.refresh();
        assertThat(explicitGc.requests).isEqualTo(2);
        GcHintSnapshot statistics = monitor.gcHintSnapshot();
        assertThat(statistics.requested()).isEqualTo(2);
        assertThat(statistics.skippedByCooldown()).isEqualTo(1);
        assertThat(statistics.lastAttempt()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void gcHintIsNotGivenWhenDisabled() {
        CountingExplicitGc explicitGc = new CountingExplicitGc(false);
        DefaultMemoryPressureMonitor monitor = monitor().explicitGc(explicitGc)
                .settings(PressureSettings.builder().liveSetMeasurementEnabled(false).build()).build();
        machine.heap = FakeMachine.heapAfterGc(0.99);
        monitor.refresh();
        assertThat(explicitGc.requests).isZero();
        assertThat(monitor.gcHintSnapshot().enabled()).isFalse();
    }

    @Test
    void aGarbageCollectionTriggersARefreshAtOnce() throws Exception {
        try (DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofHours(1)).build()).build().start()) {
            monitor.addListener(changes::add);
            assertThat(monitor.isRunning()).isTrue();
            machine.heap = FakeMachine.heapAfterGc(0.97);
            machine.fireMeasuringCollection();
            await().atMost(Duration.ofSeconds(10)).until(monitor::level, CRITICAL::equals);
            assertThat(changes).extracting(MemoryPressureChange::current).containsExactly(CRITICAL);
        }
    }

    @Test
    void aYoungCollectionsReadingRaisesTheHeapToHighAndAMeasuringOneToCritical() throws Exception {
        try (DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofHours(1)).fastInterval(Duration.ofHours(1))
                        .liveSetMeasurementEnabled(false).build())
                .build().start()) {
            monitor.addListener(changes::add);
            machine.heap = FakeMachine.heapAfterGc(0.97);
            // After a young collection the old generation also holds what it promoted: work in flight among it.
            machine.fireCollection();
            await().atMost(Duration.ofSeconds(10)).until(monitor::level, HIGH::equals);
            machine.fireMeasuringCollection();
            await().atMost(Duration.ofSeconds(10)).until(monitor::level, CRITICAL::equals);
            assertThat(changes).extracting(MemoryPressureChange::current).containsExactly(HIGH, CRITICAL);
        }
    }

    @Test
    void aRefreshAfterACollectionReadsOnlyTheJvmProbesAndKeepsTheOperatingSystemReadings() throws Exception {
        AtomicInteger operatingSystemReads = new AtomicInteger();
        machine.container = FakeMachine.container(0.30);
        try (DefaultMemoryPressureMonitor monitor = monitor()
                .containerProbe(() -> {
                    operatingSystemReads.incrementAndGet();
                    return Optional.ofNullable(machine.container);
                })
                // The fast interval too, or the CRITICAL found after the collection brings the next poll forward.
                .settings(PressureSettings.builder().interval(Duration.ofHours(1)).fastInterval(Duration.ofHours(1))
                        .build())
                .build().start()) {
            assertThat(operatingSystemReads).as("the first observation reads everything").hasValue(1);
            ContainerMemory first = monitor.snapshot().container();
            machine.container = FakeMachine.container(0.90);
            machine.heap = FakeMachine.heapAfterGc(0.97);

            machine.fireMeasuringCollection();

            await().atMost(Duration.ofSeconds(10)).until(monitor::level, CRITICAL::equals);
            assertThat(monitor.snapshot().heap()).isEqualTo(machine.heap);
            assertThat(monitor.snapshot().container()).as("kept from the last full refresh").isSameAs(first);
            assertThat(operatingSystemReads).hasValue(1);

            monitor.refresh();

            assertThat(operatingSystemReads).hasValue(2);
            assertThat(monitor.snapshot().container()).isEqualTo(machine.container);
        }
    }

    @Test
    void pollsAtTheInterval() throws Exception {
        try (DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofMillis(20)).build()).build().start()) {
            machine.container = FakeMachine.container(0.9);
            await().atMost(Duration.ofSeconds(10)).until(monitor::level, HIGH::equals);
            assertThat(monitor.snapshot().drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
        }
    }

    @Test
    void pollingSurvivesARefreshThatThrowsAnError() throws Exception {
        AtomicInteger failuresToCome = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        try (DefaultMemoryPressureMonitor monitor = monitor().heapProbe(() -> {
            if (failuresToCome.getAndDecrement() > 0) {
                failures.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
            }
            return Optional.of(machine.heap);
        }).settings(PressureSettings.builder().interval(Duration.ofMillis(10)).build()).build().start()) {
            failuresToCome.set(3);
            machine.heap = FakeMachine.heapAfterGc(0.9);
            await().atMost(Duration.ofSeconds(10)).until(monitor::level, HIGH::equals);
            assertThat(failures).hasValue(3);
        }
    }

    @Test
    void startTakesAFirstObservationAndIsIdempotent() {
        machine.heap = FakeMachine.heapAfterGc(0.8);
        try (DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofHours(1)).build()).build()) {
            assertThat(monitor.start()).isSameAs(monitor);
            assertThat(monitor.level()).isEqualTo(MODERATE);
            Object firstSubscription = machine.onCollection;
            monitor.start();
            assertThat(machine.onCollection).isSameAs(firstSubscription);
        }
    }

    @Test
    void closeStopsPollingAndRemovesTheGcListenersOnce() {
        DefaultMemoryPressureMonitor monitor = monitor().build().start();
        monitor.close();
        monitor.close();
        assertThat(machine.subscriptionsClosed).isEqualTo(1);
        assertThat(monitor.isRunning()).isFalse();
        machine.heap = FakeMachine.heapAfterGc(0.99);
        machine.fireCollection();
        assertThat(monitor.level()).as("last level still readable").isEqualTo(NONE);
        assertThatIllegalStateException().isThrownBy(monitor::start)
                .withMessage("This memory pressure monitor is closed");
    }

    @Test
    void concurrentRefreshesAreSerialisedAndReadersSeeConsistentSnapshots() throws Exception {
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.addListener(changes::add);
        int refreshers = 3;
        int readers = 3;
        int refreshesEach = 20_000;
        ExecutorService executor = Executors.newFixedThreadPool(refreshers + readers);
        CountDownLatch ready = new CountDownLatch(refreshers + readers);
        AtomicBoolean done = new AtomicBoolean();
        try {
            List<Future<Long>> readerResults = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                readerResults.add(executor.submit(() -> {
                    ready.countDown();
                    ready.await();
                    long reads = 0;
                    while (!done.get()) {
                        MemorySnapshot snapshot = monitor.snapshot();
                        MemoryPressureLevel level = snapshot.level();
                        if (!snapshot.signals().isEmpty()) {
                            double ratio = snapshot.signals().get(MemorySignal.HEAP_AFTER_GC).ratio();
                            assertThat(level.isAtLeast(PressureThresholds.DEFAULT.levelOf(ratio))).isTrue();
                        }
                        monitor.level();
                        reads++;
                    }
                    return reads;
                }));
            }
            List<Future<?>> refresherResults = new ArrayList<>();
            for (int t = 0; t < refreshers; t++) {
                int seed = t;
                refresherResults.add(executor.submit(() -> {
                    ready.countDown();
                    ready.await();
                    for (int i = 0; i < refreshesEach; i++) {
                        machine.heap = FakeMachine.heapAfterGc(((i * 7 + seed * 13) % 100) / 100.0);
                        monitor.refresh();
                    }
                    return null;
                }));
            }
            for (Future<?> result : refresherResults) {
                result.get();
            }
            done.set(true);
            for (Future<Long> result : readerResults) {
                assertThat(result.get()).isPositive();
            }
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(changes).hasSizeGreaterThan(100);
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).previous()).as("change %d continues change %d", i, i - 1)
                    .isEqualTo(changes.get(i - 1).current());
            assertThat(changes.get(i).current()).isNotEqualTo(changes.get(i).previous());
        }
        assertThat(changes.get(changes.size() - 1).current()).isEqualTo(monitor.level());
    }

    @Test
    void readsFixtureFilesThroughTheFileSystemRoot() {
        DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder().clock(clock)
                .ticker(clock.ticker()).fileSystemRoot(Fixtures.root("v2-high")).gcNotifications(machine)
                .explicitGc(new CountingExplicitGc(false)).build();
        MemorySnapshot snapshot = monitor.refresh();
        assertThat(snapshot.container().directory()).isEqualTo("/sys/fs/cgroup");
        assertThat(snapshot.signal(MemorySignal.CONTAINER)).get().satisfies(reading -> {
            assertThat(reading.ratio()).isCloseTo(550.0 / 768, within(1e-9));
            assertThat(reading.limitBytes()).isEqualTo(768L * 1024 * 1024);
        });
        assertThat(snapshot.psi().source()).isEqualTo("/sys/fs/cgroup/memory.pressure");
        // PSI full avg10 is 8%: MODERATE by its own thresholds, whatever this JVM's heap is doing.
        assertThat(snapshot.level()).isGreaterThanOrEqualTo(MODERATE);
    }

    @Test
    void readsThisMachine() throws Exception {
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder().build()) {
            MemorySnapshot snapshot = monitor.refresh();
            assertThat(snapshot.heap()).isNotNull();
            assertThat(snapshot.direct()).isNotNull();
            assertThat(snapshot.signals()).containsKeys(MemorySignal.HEAP, MemorySignal.HEAP_AFTER_GC,
                    MemorySignal.DIRECT);
            assertThat(snapshot.signals().values()).allSatisfy(reading -> {
                assertThat(reading.ratio()).isBetween(0.0, 1.0);
                if (reading.signal() != MemorySignal.PSI) {
                    assertThat(reading.usedBytes()).isNotNegative();
                    assertThat(reading.limitBytes()).isPositive();
                }
            });
            assertThat(snapshot.level()).isEqualTo(monitor.level());
            assertThat(snapshot.gc().count()).isNotNegative();
            if (snapshot.system() != null) {
                assertThat(snapshot.system().availableBytes()).isLessThanOrEqualTo(snapshot.system().totalBytes());
            }
            if (snapshot.container() != null) {
                ContainerMemory container = snapshot.container();
                assertThat(container.directory()).startsWith("/sys/fs/cgroup");
                assertThat(container.effectiveLimitBytes()).isPositive().isLessThan(CgroupFiles.UNLIMITED_FROM);
                assertThat(container.workingSetBytes()).isLessThanOrEqualTo(container.usageBytes());
            }
            boolean kernelHasPsi = Files.isReadable(Path.of("/proc/pressure/memory"))
                    && !CgroupFiles.readLines(Path.of("/proc/pressure/memory")).isEmpty();
            assertThat(snapshot.psi() != null).as("PSI present exactly where the kernel provides it")
                    .isEqualTo(kernelHasPsi);
            if (snapshot.psi() != null) {
                assertThat(snapshot.psi().someAvg10()).isBetween(0.0, 1.0);
                assertThat(snapshot.psi().source()).matches("/proc/pressure/memory|/sys/fs/cgroup/.*memory\\.pressure");
            }
        }
    }

    @Test
    void tellsGarbageCollectionListenersOfTheFirstSnapshotAfterEachCollection() {
        List<MemorySnapshot> afterGc = new ArrayList<>();
        try (DefaultMemoryPressureMonitor monitor = monitor().build()) {
            Consumer<MemorySnapshot> recording = afterGc::add;
            monitor.addGarbageCollectionListener(recording);
            Consumer<MemorySnapshot> failing = snapshot -> {
                throw new IllegalStateException("boom");
            };
            monitor.addGarbageCollectionListener(failing);
            monitor.refresh();
            assertThat(afterGc).as("the first snapshot has nothing to compare with").isEmpty();

            machine.gc = FakeMachine.gc(1, START, -1);
            machine.heap = FakeMachine.heapAfterGc(0.20);
            monitor.refresh();
            monitor.refresh();
            machine.gc = FakeMachine.gc(3, START, -1);
            machine.heap = FakeMachine.heapAfterGc(0.30);
            monitor.refresh();
            monitor.removeGarbageCollectionListener(failing);
            monitor.removeGarbageCollectionListener(recording);
            machine.gc = FakeMachine.gc(4, START, -1);
            monitor.refresh();

            assertThat(afterGc).extracting(snapshot -> snapshot.heap().afterGcUsedBytes()).containsExactly(
                    FakeMachine.heapAfterGc(0.20).afterGcUsedBytes(), FakeMachine.heapAfterGc(0.30).afterGcUsedBytes());
            assertThat(monitor.listenerFailures()).as("the failing listener is counted, the others carry on")
                    .isEqualTo(2);
        }
    }

    @Test
    void calmItPollsAtTheBaseInterval() {
        machine.container = FakeMachine.container(0.30);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        assertThat(monitor.nextPollDelay()).as("before the first reading").isEqualTo(Duration.ofSeconds(1));
        monitor.refresh();
        clock.advance(Duration.ofSeconds(1));
        machine.container = FakeMachine.container(0.31);
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(NONE);
        assertThat(monitor.containerRiseRate()).isCloseTo(0.01, within(1e-9));
        assertThat(monitor.nextPollDelay()).isEqualTo(PressureSettings.DEFAULT_INTERVAL);
    }

    @Test
    void fromTheFastLevelItPollsAtTheFastIntervalAndCalmsDownTenSecondsAfterTheFallBelowIt() {
        machine.container = FakeMachine.container(0.76);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(MODERATE);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofSeconds(1));
        machine.container = FakeMachine.container(0.60);
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.LOW);
        assertThat(monitor.nextPollDelay()).as("just after the fall").isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(8_900));
        monitor.refresh();
        assertThat(monitor.nextPollDelay()).as("9.9 s after MODERATE").isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.LOW);
        assertThat(monitor.nextPollDelay()).as("10 s after MODERATE").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theFastLevelAndIntervalAreSettings() {
        machine.container = FakeMachine.container(0.76);
        DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofSeconds(2))
                        .fastInterval(Duration.ofMillis(40)).fastFromLevel(HIGH).build())
                .build();
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(MODERATE);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofSeconds(2));
        machine.container = FakeMachine.container(0.86);
        clock.advance(Duration.ofSeconds(2));
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(HIGH);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void aFastIntervalLongerThanTheIntervalChangesNothing() {
        machine.container = FakeMachine.container(0.90);
        DefaultMemoryPressureMonitor monitor = monitor()
                .settings(PressureSettings.builder().interval(Duration.ofMillis(50)).build()).build();
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(HIGH);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aContainerRisingFasterThanTheRiseRateIsPolledFastWhateverTheLevel() {
        machine.container = FakeMachine.container(0.10);
        DefaultMemoryPressureMonitor monitor = monitor().build();
        monitor.refresh();
        clock.advance(Duration.ofSeconds(1));
        machine.container = FakeMachine.container(0.15);
        monitor.refresh();
        assertThat(monitor.level()).isEqualTo(NONE);
        assertThat(monitor.containerRiseRate()).isCloseTo(0.05, within(1e-9));
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(100));
        machine.container = FakeMachine.container(0.151);
        monitor.refresh();
        assertThat(monitor.containerRiseRate()).as("0.001 in 100 ms").isCloseTo(0.01, within(1e-9));
        assertThat(monitor.nextPollDelay()).as("rising slower than the rate again").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCollectionThatRaisesTheLevelToTheFastLevelBringsTheNextPollForward() throws Exception {
        AtomicInteger containerReads = new AtomicInteger();
        machine.container = FakeMachine.container(0.10);
        try (DefaultMemoryPressureMonitor monitor = monitor().containerProbe(() -> {
            containerReads.incrementAndGet();
            return Optional.ofNullable(machine.container);
        }).settings(PressureSettings.builder().interval(Duration.ofHours(1)).build()).build().start()) {
            assertThat(containerReads).hasValue(1);
            machine.heap = FakeMachine.heapAfterGc(0.80);

            machine.fireCollection();

            // The next calm poll is an hour away: only the fast poll brought forward reads the container again.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(containerReads).hasValueGreaterThan(1));
            assertThat(monitor.level()).isEqualTo(MODERATE);
            assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void anIncreasedMemoryEventsCounterCountsTheContainerAsAtLeastHigh(@TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v2-high"), root);
        Path events = root.resolve("sys/fs/cgroup/memory.events");
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        monitor.addListener(changes::add);
        monitor.refresh();
        assertThat(monitor.level()).as("550 MiB of a 768 MiB memory.high").isEqualTo(MemoryPressureLevel.LOW);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofSeconds(1));

        Files.writeString(events, "low 0\nhigh 13\nmax 0\noom 0\noom_kill 0\n");
        clock.advance(Duration.ofSeconds(1));
        monitor.refresh();
        assertThat(monitor.level()).as("the kernel throttled the cgroup over memory.high").isEqualTo(HIGH);
        assertThat(monitor.snapshot().drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
        assertThat(monitor.snapshot().container().highEvents()).isEqualTo(13);
        assertThat(monitor.nextPollDelay()).isEqualTo(Duration.ofMillis(100));

        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        assertThat(monitor.level()).as("no reclaim since: the ratio rules again, held by the hysteresis")
                .isEqualTo(MODERATE);

        Files.writeString(events, "low 0\nhigh 13\nmax 1\noom 0\noom_kill 0\n");
        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        assertThat(monitor.level()).as("direct reclaim at memory.max").isEqualTo(HIGH);
        assertThat(changes).extracting(MemoryPressureChange::current)
                .containsExactly(MemoryPressureLevel.LOW, HIGH, MODERATE, HIGH);
    }

    @Test
    void aCgroupV2LimitChangedInPlaceMovesTheRatioAtOnceAndIsRecordedAndTold(@TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v2-high"), root);
        List<ContainerLimitChange> told = new CopyOnWriteArrayList<>();
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        monitor.addContainerLimitListener(told::add);
        monitor.addContainerLimitListener((change) -> {
            throw new IllegalStateException("a failing listener does not stop the others");
        });
        monitor.refresh();
        assertThat(monitor.level()).as("550 MiB of a 768 MiB memory.high").isEqualTo(MemoryPressureLevel.LOW);
        assertThat(monitor.lastContainerLimitChange()).isEmpty();

        Files.writeString(root.resolve("sys/fs/cgroup/memory.high"), "max\n");
        clock.advance(Duration.ofSeconds(1));
        monitor.refresh();
        assertThat(monitor.snapshot().signal(MemorySignal.CONTAINER)).get().extracting(SignalReading::limitBytes)
                .isEqualTo(1024 * MIB);
        assertThat(monitor.level()).as("550 MiB of 1 GiB, at once").isEqualTo(NONE);
        ContainerLimitChange raised = new ContainerLimitChange(1024 * MIB, 1024 * MIB, 768 * MIB, -1,
                START.plusSeconds(1));
        assertThat(monitor.lastContainerLimitChange()).contains(raised);

        Files.writeString(root.resolve("sys/fs/cgroup/memory.max"), (600 * MIB) + "\n");
        clock.advance(Duration.ofSeconds(1));
        monitor.refresh();
        assertThat(monitor.level()).as("550 MiB of 600 MiB, from the reading that found the new limit")
                .isEqualTo(HIGH);
        ContainerLimitChange lowered = new ContainerLimitChange(1024 * MIB, 600 * MIB, -1, -1, START.plusSeconds(2));
        assertThat(monitor.lastContainerLimitChange()).contains(lowered);

        clock.advance(Duration.ofSeconds(1));
        monitor.refresh();
        assertThat(told).as("once per change").containsExactly(raised, lowered);
        assertThat(monitor.listenerFailures()).isEqualTo(2);
    }

    @Test
    void aCgroupV1LimitChangedInPlaceIsSeenOnTheNextReading(@TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v1-docker"), root);
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        monitor.refresh();
        assertThat(monitor.level()).as("250 MiB of 512 MiB").isEqualTo(NONE);

        Files.writeString(root.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes"), (300 * MIB) + "\n");
        clock.advance(Duration.ofSeconds(1));
        monitor.refresh();
        assertThat(monitor.level()).as("250 MiB of 300 MiB").isEqualTo(MODERATE);
        assertThat(monitor.lastContainerLimitChange())
                .contains(new ContainerLimitChange(512 * MIB, 300 * MIB, -1, -1, START.plusSeconds(1)));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void keepsTheContainerFilesOpenBetweenPollsAndReleasesThemWhenClosed(@TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v1-docker"), root);
        Path usage = root.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes");
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        monitor.refresh();
        monitor.refresh();
        assertThat(OpenDescriptors.on(root)).as("usage, stat and limit, each opened once").isEqualTo(3);

        monitor.close();
        assertThat(OpenDescriptors.on(root)).isZero();

        // A refresh after close still reads the files, and keeps none open.
        Files.writeString(usage, (450 * MIB) + "\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(monitor.refresh().container().usageBytes()).isEqualTo(450 * MIB);
        assertThat(OpenDescriptors.on(root)).isZero();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void closingDuringARefreshLeavesTheFilesToThatRefreshWithoutWaitingForIt(@TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v1-docker"), root);
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        monitor.addSnapshotListener((snapshot) -> {
            listening.countDown();
            awaitQuietly(release);
        });
        Thread refreshing = new Thread(monitor::refresh, "refreshing");
        refreshing.start();
        try {
            assertThat(listening.await(30, TimeUnit.SECONDS)).isTrue();

            // The refresh holds its lock while it tells the listener: close() must return at once all the same.
            monitor.close();
            assertThat(OpenDescriptors.on(root)).as("still the refresh's").isEqualTo(3);
        }
        finally {
            release.countDown();
            refreshing.join(30_000);
        }
        assertThat(refreshing.isAlive()).isFalse();
        assertThat(OpenDescriptors.on(root)).as("closed by the refresh as it ended").isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCgroupV1ContainerRisingAt50MibPerSecondIsCriticalWithinTheLeadTimeAndFallsBackOnceItStops(
            @TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v1-docker"), root);
        Path usage = root.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes");
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        monitor.addListener(changes::add);
        // 50 MiB of inactive file cache: the working set is the usage minus 50 MiB, of a 512 MiB limit.
        int firstCritical = -1;
        for (int i = 0; firstCritical < 0 && i < 60; i++) {
            Files.writeString(usage, (300 + 5 * i) * MIB + "\n");
            clock.advance(Duration.ofMillis(100));
            monitor.refresh();
            if (monitor.level() == CRITICAL) {
                firstCritical = i;
            }
        }
        // 5 MiB every 100 ms: critical at 0.95 x 512 = 486.4 MiB, 2 s ahead from a working set of 386.4 MiB.
        assertThat(firstCritical).as("the first reading from 386.4 MiB (250 + 5 x 28 = 390)").isEqualTo(28);
        MemorySnapshot critical = monitor.snapshot();
        assertThat(critical.projected()).isTrue();
        assertThat(critical.drivingSignal()).isEqualTo(MemorySignal.CONTAINER);
        SignalReading container = critical.signal(MemorySignal.CONTAINER).orElseThrow();
        assertThat(container.ratio()).as("390 of 512 MiB: MODERATE by its ratio").isCloseTo(390.0 / 512,
                within(1e-9));
        assertThat(container.secondsToLimit()).isCloseTo((486.4 - 390) / 50, within(1e-6));

        // The growth stops: the level is held for the lead time, then falls back to what the ratio gives.
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(100));
            monitor.refresh();
            assertThat(monitor.level()).as("%d ms after the first CRITICAL", 100 * (i + 1)).isEqualTo(CRITICAL);
            assertThat(monitor.snapshot().projected()).isTrue();
        }
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofMillis(100));
            monitor.refresh();
        }
        assertThat(monitor.level()).as("the growth stopped: back to the ratio's level").isEqualTo(MODERATE);
        assertThat(monitor.snapshot().projected()).isFalse();
        assertThat(monitor.snapshot().signal(MemorySignal.CONTAINER).orElseThrow().secondsToLimit()).isEqualTo(-1);
        List<MemoryPressureLevel> levels = changes.stream().map(MemoryPressureChange::current).toList();
        int top = levels.indexOf(CRITICAL);
        assertThat(levels.subList(0, top + 1)).as("rising").isSorted();
        assertThat(levels.subList(top, levels.size())).as("falling").isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aCgroupV2ContainerIsProjectedAgainstMemoryHighThenTheRaisedLimitAndMemoryEventsStillCount(
            @TempDir Path root) throws Exception {
        copyTree(Fixtures.root("v2-high"), root);
        Path current = root.resolve("sys/fs/cgroup/memory.current");
        DefaultMemoryPressureMonitor monitor = fixtureMonitor(root);
        // 100 MiB of inactive file cache; memory.high 768 MiB, memory.max 1 GiB; critical at 0.95 x 768 = 729.6 MiB.
        for (int i = 0; i < 16; i++) {
            Files.writeString(current, (650 + 5 * i) * MIB + "\n");
            clock.advance(Duration.ofMillis(100));
            monitor.refresh();
            assertThat(monitor.level()).as("working set %d MiB", 550 + 5 * i).isNotEqualTo(CRITICAL);
        }
        assertThat(monitor.snapshot().signal(MemorySignal.CONTAINER).orElseThrow().secondsToLimit())
                .isCloseTo((729.6 - 625) / 50, within(1e-6));
        Files.writeString(current, (650 + 5 * 16) * MIB + "\n");
        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        assertThat(monitor.level()).as("630 MiB, 1.99 s from 729.6 MiB").isEqualTo(CRITICAL);
        assertThat(monitor.snapshot().projected()).isTrue();

        // The pod is resized in place while it grows: the same growth in bytes is now 6.8 s from the new critical.
        Files.writeString(root.resolve("sys/fs/cgroup/memory.high"), "max\n");
        Files.writeString(current, (650 + 5 * 17) * MIB + "\n");
        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        SignalReading container = monitor.snapshot().signal(MemorySignal.CONTAINER).orElseThrow();
        assertThat(container.limitBytes()).isEqualTo(1024 * MIB);
        assertThat(container.secondsToLimit()).isCloseTo((0.95 * 1024 - 635) / 50, within(1e-6));
        assertThat(monitor.level()).as("projected 735 of 1024 MiB, held by the hysteresis of MODERATE")
                .isEqualTo(MODERATE);
        assertThat(monitor.snapshot().projected()).isTrue();
        assertThat(monitor.lastContainerLimitChange()).isPresent();

        Files.writeString(root.resolve("sys/fs/cgroup/memory.events"), "low 0\nhigh 13\nmax 0\noom 0\noom_kill 0\n");
        Files.writeString(current, (650 + 5 * 18) * MIB + "\n");
        clock.advance(Duration.ofMillis(100));
        monitor.refresh();
        assertThat(monitor.level()).as("the kernel reclaimed: at least HIGH, above the projection").isEqualTo(HIGH);
        assertThat(monitor.snapshot().projected()).isFalse();
    }

    /** A monitor reading the container from the files under {@code root}, PSI off, every other probe fake. */
    private DefaultMemoryPressureMonitor fixtureMonitor(Path root) {
        return DefaultMemoryPressureMonitor.builder().fileSystemRoot(root).clock(clock).ticker(clock.ticker())
                .heapProbe(() -> Optional.of(FakeMachine.heapAfterGc(0.10)))
                .directProbe(() -> Optional.of(machine.direct)).gcProbe(() -> Optional.of(machine.gc))
                .systemProbe(() -> Optional.of(machine.system)).gcNotifications(machine)
                .explicitGc(new CountingExplicitGc(false))
                .settings(PressureSettings.builder().signalEnabled(MemorySignal.PSI, false).build()).build();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
