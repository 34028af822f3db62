package io.memguard.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.protect.EffectivePressure;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestClock;
import io.memguard.testing.TestPressureMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupSchedulerTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final TestClock clock = new TestClock(START);

    private final ManualTimer timer = new ManualTimer();

    private CleanupScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void aFailingTaskAndASlowTaskDoNotAffectTheOthers() throws InterruptedException {
        scheduler = CleanupScheduler.builder().timer(timer).clock(clock).ticker(clock.ticker()).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        scheduler.schedule("slow", Duration.ofSeconds(10), () -> {
            slowStarted.countDown();
            release.await();
            return 1;
        });
        scheduler.schedule("failing", Duration.ofSeconds(10), () -> {
            throw new IllegalStateException("boom");
        });
        AtomicInteger steadyRuns = new AtomicInteger();
        scheduler.schedule("steady", Duration.ofSeconds(10), () -> {
            steadyRuns.incrementAndGet();
            return 2;
        });

        // The timer thread (this test thread) hands runs out and is never held by the slow task.
        timer.tickAll();
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
        await().until(() -> stats("steady").runs() == 1 && stats("failing").runs() == 1);
        timer.tickAll();
        await().until(() -> stats("steady").runs() == 2 && stats("failing").runs() == 2);

        assertThat(stats("steady").itemsRemoved()).isEqualTo(4);
        assertThat(stats("steady").failures()).isZero();
        assertThat(stats("failing").failures()).isEqualTo(2);
        assertThat(stats("failing").lastError()).isEqualTo("java.lang.IllegalStateException: boom");
        CleanupRegistration.Snapshot slow = stats("slow");
        assertThat(slow.running()).isTrue();
        assertThat(slow.runs()).isZero();
        assertThat(slow.skippedRuns()).isEqualTo(1);

        release.countDown();
        await().until(() -> stats("slow").runs() == 1);
        assertThat(stats("slow").itemsRemoved()).isEqualTo(1);
        assertThat(steadyRuns).hasValue(2);
    }

    @Test
    void ownTimerTicksTheTasksByItself() {
        scheduler = CleanupScheduler.builder().build();
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("counter", Duration.ofMillis(5), runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    }

    @Test
    void closeStopsTheOwnThreadsAndCancelsTheTasks() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        scheduler.schedule("a", Duration.ofSeconds(1), () -> 0);
        scheduler.close();
        assertThat(timer.schedules()).extracting(ManualTimer.Schedule::future).allMatch(Future::isCancelled);
        assertThat(scheduler.snapshots()).isEmpty();
    }

    @Test
    void anExtraPassRunsWhenTheLevelRisesToTheTrigger() {
        scheduler = CleanupScheduler.builder().timer(timer).executor(Runnable::run)
                .pressureTrigger(MemoryPressureLevel.HIGH).build();
        TestPressureMonitor monitor = new TestPressureMonitor();
        EffectivePressure pressure = EffectivePressure.of(monitor);
        pressure.subscribe(scheduler);
        AtomicInteger runsOfA = new AtomicInteger();
        AtomicInteger runsOfB = new AtomicInteger();
        scheduler.schedule("a", Duration.ofHours(1), runsOfA::incrementAndGet);
        scheduler.schedule("b", Duration.ofHours(1), runsOfB::incrementAndGet);

        monitor.setLevel(MemoryPressureLevel.MODERATE);
        assertThat(runsOfA).hasValue(0);
        monitor.setLevel(MemoryPressureLevel.HIGH);
        assertThat(runsOfA).hasValue(1);
        assertThat(runsOfB).hasValue(1);
        monitor.setLevel(MemoryPressureLevel.CRITICAL);
        assertThat(runsOfA).hasValue(2);
        monitor.setLevel(MemoryPressureLevel.HIGH);
        monitor.setLevel(MemoryPressureLevel.NONE);
        assertThat(runsOfA).hasValue(2);

        pressure.close();
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void expireEntriesUsesTheCheckIntervalTheDefaultTtlAndTheClock() {
        scheduler = CleanupScheduler.builder().timer(timer).executor(Runnable::run).clock(clock)
                .checkInterval(Duration.ofSeconds(30)).defaultTtl(Duration.ofMinutes(5)).build();
        Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
        lastSeen.put("a", START);
        lastSeen.put("b", START.plus(Duration.ofMinutes(3)));
        scheduler.expireEntries("last-seen", lastSeen, seen -> seen);
        assertThat(timer.schedules()).singleElement().extracting(ManualTimer.Schedule::interval)
                .isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofMinutes(6));
        timer.tickAll();
        assertThat(lastSeen).containsOnlyKeys("b");
        assertThat(stats("last-seen").itemsRemoved()).isEqualTo(1);
    }

    @Test
    void expireEntriesAgesTheEntriesWallTimesOnTheClockNotOnTheTicker() {
        AtomicLong ticker = new AtomicLong();
        scheduler = CleanupScheduler.builder().timer(timer).executor(Runnable::run).clock(clock).ticker(ticker::get)
                .checkInterval(Duration.ofSeconds(30)).defaultTtl(Duration.ofMinutes(5)).build();
        Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
        lastSeen.put("a", START);
        scheduler.expireEntries("last-seen", lastSeen, seen -> seen);

        ticker.addAndGet(Duration.ofHours(1).toNanos());
        timer.tickAll();
        assertThat(lastSeen).as("an hour on the ticker: the entry's wall time is not its age").containsOnlyKeys("a");

        clock.advance(Duration.ofMinutes(5));
        timer.tickAll();
        assertThat(lastSeen).as("five minutes on the clock since its timestamp").isEmpty();
    }

    @Test
    void tasksAreListedByNameAndFoundByName() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        scheduler.schedule("b", Duration.ofSeconds(1), () -> 0);
        CleanupRegistration a = scheduler.schedule("a", Duration.ofSeconds(1), () -> 0);
        assertThat(scheduler.snapshots()).extracting(CleanupRegistration.Snapshot::name).containsExactly("a", "b");
        assertThat(scheduler.task("a")).containsSame(a);
        a.cancel();
        assertThat(scheduler.task("a")).isEmpty();
        assertThat(scheduler.snapshots()).extracting(CleanupRegistration.Snapshot::name).containsExactly("b");
    }

    @Test
    void listenersLearnOfScheduledAndCancelledTasksEvenIfOneThrows() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        List<String> events = new CopyOnWriteArrayList<>();
        scheduler.addListener(new CleanupScheduler.Listener() {
            @Override
            public void onScheduled(CleanupRegistration task) {
                throw new IllegalStateException("boom");
            }
        });
        scheduler.addListener(new CleanupScheduler.Listener() {
            @Override
            public void onScheduled(CleanupRegistration task) {
                events.add("scheduled " + task.name());
            }

            @Override
            public void onCancelled(CleanupRegistration task) {
                events.add("cancelled " + task.name());
            }
        });
        CleanupRegistration a = scheduler.schedule("a", Duration.ofSeconds(1), () -> 0);
        assertThat(scheduler.tasks()).containsExactly(a);
        a.cancel();
        a.cancel();
        assertThat(events).containsExactly("scheduled a", "cancelled a");
        assertThat(scheduler.listenerFailures()).isEqualTo(1);
    }

    @Test
    void aRemovedListenerIsNotToldAnyMore() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        List<String> events = new CopyOnWriteArrayList<>();
        CleanupScheduler.Listener listener = new CleanupScheduler.Listener() {
            @Override
            public void onScheduled(CleanupRegistration task) {
                events.add(task.name());
            }
        };
        scheduler.addListener(listener);
        scheduler.schedule("a", Duration.ofSeconds(1), () -> 0);
        scheduler.removeListener(listener);
        scheduler.schedule("b", Duration.ofSeconds(1), () -> 0);
        assertThat(events).containsExactly("a");
    }

    @Test
    void aNameIsScheduledOnce() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        scheduler.schedule("a", Duration.ofSeconds(1), () -> 0);
        assertThatIllegalArgumentException().isThrownBy(() -> scheduler.schedule("a", Duration.ofSeconds(1), () -> 0))
                .withMessage("A cleanup task named 'a' is scheduled already; give each task its own name");
        assertThat(timer.schedules()).hasSize(1);
    }

    @Test
    void aTimerThatRefusesTheScheduleLeavesNoTaskBehind() {
        scheduler = CleanupScheduler.builder().timer((tick, interval) -> {
            throw new IllegalStateException("scheduler shut down");
        }).build();
        assertThat(catchThrowable(
                () -> scheduler.schedule("a", Duration.ofSeconds(1), () -> 0))).hasMessage("scheduler shut down");
        assertThat(scheduler.snapshots()).isEmpty();
    }

    @Test
    void badArgumentsAreNamed() {
        scheduler = CleanupScheduler.builder().timer(timer).build();
        assertThatIllegalArgumentException().isThrownBy(() -> scheduler.schedule("a", Duration.ZERO, () -> 0))
                .withMessage("interval must be positive, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CleanupScheduler.builder().checkInterval(Duration.ofSeconds(-1)))
                .withMessage("checkInterval must be positive, was PT-1S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CleanupScheduler.builder().pressureTrigger(MemoryPressureLevel.NONE))
                .withMessage("pressureTrigger must be above NONE: the level never rises to NONE");
    }

    private CleanupRegistration.Snapshot stats(String name) {
        return scheduler.task(name).orElseThrow().snapshot();
    }
}
