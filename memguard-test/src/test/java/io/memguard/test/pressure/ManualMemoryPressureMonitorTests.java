package io.memguard.test.pressure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.test.time.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ManualMemoryPressureMonitorTests {

    @Test
    void startsAtNoneByDefault() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.NONE);
        assertThat(monitor.snapshot().level()).isEqualTo(MemoryPressureLevel.NONE);
    }

    @Test
    void setLevelTellsListenersOfTheChangeWithASnapshotFromTheClock() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-04T05:06:07Z"));
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(MemoryPressureLevel.LOW, clock);
        List<MemoryPressureChange> changes = new ArrayList<>();
        monitor.addListener(changes::add);

        assertThat(monitor.setLevel(MemoryPressureLevel.HIGH)).isTrue();

        assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.previous()).isEqualTo(MemoryPressureLevel.LOW);
            assertThat(change.current()).isEqualTo(MemoryPressureLevel.HIGH);
            assertThat(change.snapshot().timestamp()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
            assertThat(change.snapshot()).isSameAs(monitor.snapshot());
        });
    }

    @Test
    void theSameLevelAgainTellsNobody() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(MemoryPressureLevel.MODERATE);
        List<MemoryPressureChange> changes = new ArrayList<>();
        monitor.addListener(changes::add);

        assertThat(monitor.setLevel(MemoryPressureLevel.MODERATE)).isFalse();

        assertThat(changes).isEmpty();
    }

    @Test
    void setSnapshotReplacesTheSnapshotAndTellsListenersOnlyWhenTheLevelChanged() {
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(
                MemorySnapshot.ofLevel(MemoryPressureLevel.NONE, first));
        List<MemoryPressureChange> changes = new ArrayList<>();
        monitor.addListener(changes::add);
        MemorySnapshot sameLevel = MemorySnapshot.ofLevel(MemoryPressureLevel.NONE, first.plusSeconds(1));
        MemorySnapshot critical = MemorySnapshot.ofLevel(MemoryPressureLevel.CRITICAL, first.plusSeconds(2));

        assertThat(monitor.setSnapshot(sameLevel)).isFalse();
        assertThat(monitor.snapshot()).isSameAs(sameLevel);
        assertThat(monitor.setSnapshot(critical)).isTrue();

        assertThat(monitor.snapshot()).isSameAs(critical);
        assertThat(changes).containsExactly(
                new MemoryPressureChange(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL, critical));
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersAreStillTold() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        AtomicInteger told = new AtomicInteger();
        monitor.addListener(change -> {
            throw new IllegalStateException("boom");
        });
        monitor.addListener(change -> told.incrementAndGet());

        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        assertThat(told).hasValue(1);
        assertThat(monitor.listenerFailures()).isEqualTo(1);
        assertThat(monitor.level()).isEqualTo(MemoryPressureLevel.CRITICAL);
    }

    @Test
    void aRemovedListenerIsNoLongerTold() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        List<MemoryPressureChange> changes = new ArrayList<>();
        Consumer<MemoryPressureChange> listener = changes::add;
        monitor.addListener(listener);
        assertThat(monitor.listeners()).containsExactly(listener);

        monitor.removeListener(listener);
        monitor.setLevel(MemoryPressureLevel.HIGH);

        assertThat(monitor.listeners()).isEmpty();
        assertThat(changes).isEmpty();
    }

    @Test
    void rejectsNulls() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        assertThatNullPointerException().isThrownBy(() -> monitor.setLevel(null)).withMessage("level");
        assertThatNullPointerException().isThrownBy(() -> monitor.setSnapshot(null)).withMessage("snapshot");
        assertThatNullPointerException().isThrownBy(() -> monitor.addListener(null)).withMessage("listener");
    }

    @Test
    void concurrentSettersTellAChainOfChangesWithNoneLost() throws Exception {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        List<MemoryPressureChange> changes = java.util.Collections.synchronizedList(new ArrayList<>());
        monitor.addListener(changes::add);
        int threads = 8;
        int perThread = 20_000;
        MemoryPressureLevel[] levels = MemoryPressureLevel.values();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(executor.submit(() -> {
                    start.await();
                    int changed = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (monitor.setLevel(levels[(i + offset) % levels.length])) {
                            changed++;
                        }
                    }
                    return changed;
                }));
            }
            start.countDown();
            int changed = 0;
            for (Future<Integer> result : results) {
                changed += result.get(30, TimeUnit.SECONDS);
            }
            // Every change reported by a setter reached the listener, and the changes form one unbroken chain.
            assertThat(changes).hasSize(changed);
            MemoryPressureLevel previous = MemoryPressureLevel.NONE;
            for (MemoryPressureChange change : changes) {
                assertThat(change.previous()).isEqualTo(previous);
                assertThat(change.current()).isNotEqualTo(previous);
                previous = change.current();
            }
            assertThat(monitor.level()).isEqualTo(previous);
        }
        finally {
            executor.shutdownNow();
        }
    }
}
