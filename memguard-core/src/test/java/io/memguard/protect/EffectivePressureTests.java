package io.memguard.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;
import io.memguard.testing.TestPressureMonitor;

import static io.memguard.pressure.MemoryPressureLevel.CRITICAL;
import static io.memguard.pressure.MemoryPressureLevel.HIGH;
import static io.memguard.pressure.MemoryPressureLevel.LOW;
import static io.memguard.pressure.MemoryPressureLevel.MODERATE;
import static io.memguard.pressure.MemoryPressureLevel.NONE;

class EffectivePressureTests {

    private final TestPressureMonitor monitor = new TestPressureMonitor();

    private final LowMemoryMode mode = LowMemoryMode.builder().minimumDuration(Duration.ZERO).build();

    private final EffectivePressure pressure = EffectivePressure.of(monitor, mode);

    @Test
    void aComponentIsToldTheMeasuredLevelAtSubscriptionAndEveryChangeAfter() {
        monitor.setLevel(MODERATE);
        Recorder component = new Recorder(NONE);

        pressure.subscribe(component);
        monitor.setLevel(LOW);
        monitor.setLevel(NONE);

        assertThat(component.calls).containsExactly("NONE->MODERATE", "MODERATE->LOW", "LOW->NONE");
    }

    @Test
    void aComponentSubscribedAtNoneIsToldNothingUntilTheLevelMoves() {
        Recorder component = new Recorder(NONE);

        pressure.subscribe(component);

        assertThat(component.calls).isEmpty();
    }

    @Test
    void lowMemoryModeRaisesEachComponentToItsFloorAndLeavingItRestoresTheMeasuredLevel() {
        monitor.setLevel(LOW);
        Recorder pool = new Recorder(CRITICAL);
        Recorder buffers = new Recorder(HIGH);
        Recorder shedder = new Recorder(NONE);
        pressure.subscribe(pool);
        pressure.subscribe(buffers);
        pressure.subscribe(shedder);

        mode.forceOn();
        assertThat(pressure.levelFor(pool)).isEqualTo(CRITICAL);
        mode.release();

        assertThat(pool.calls).containsExactly("NONE->LOW", "LOW->CRITICAL", "CRITICAL->LOW");
        assertThat(buffers.calls).containsExactly("NONE->LOW", "LOW->HIGH", "HIGH->LOW");
        assertThat(shedder.calls).as("the mode does not concern a component whose floor is NONE")
                .containsExactly("NONE->LOW");
    }

    @Test
    void aMeasuredLevelAboveTheFloorWinsAndAChangeBelowItWhileTheModeIsOnIsHeldAtTheFloor() {
        Recorder buffers = new Recorder(HIGH);
        pressure.subscribe(buffers);
        mode.forceOn();

        monitor.setLevel(CRITICAL);
        monitor.setLevel(MODERATE);
        mode.release();

        assertThat(buffers.calls).containsExactly("NONE->HIGH", "HIGH->CRITICAL", "CRITICAL->HIGH", "HIGH->MODERATE");
    }

    @Test
    void theAutomaticRuleIsFedTheMeasuredLevelAndItsFloorArrivesInTheSamePass() {
        Recorder pool = new Recorder(CRITICAL);
        pressure.subscribe(pool);

        monitor.setLevel(HIGH);

        assertThat(mode.isActive()).isTrue();
        assertThat(pool.calls).as("never told HIGH: the mode turned on before the pass ended")
                .containsExactly("NONE->CRITICAL");
        monitor.setLevel(MODERATE);
        assertThat(mode.isActive()).isFalse();
        assertThat(pool.calls).containsExactly("NONE->CRITICAL", "CRITICAL->MODERATE");
    }

    @Test
    void aModeWithoutTheAutomaticRuleIsOnOnlyWhileForced() {
        LowMemoryMode manual = LowMemoryMode.builder().automatic(false).build();
        EffectivePressure manualPressure = EffectivePressure.of(monitor, manual);
        Recorder pool = new Recorder(CRITICAL);
        manualPressure.subscribe(pool);

        monitor.setLevel(CRITICAL);
        monitor.setLevel(LOW);
        manual.forceOn();

        assertThat(manual.snapshot().level()).isEqualTo(LOW);
        assertThat(pool.calls).containsExactly("NONE->CRITICAL", "CRITICAL->LOW", "LOW->CRITICAL");
    }

    @Test
    void aComponentThatThrowsIsCountedAndTheOthersAreStillTold() {
        PressureAware failing = (previous, current) -> {
            throw new IllegalStateException("boom");
        };
        Recorder after = new Recorder(NONE);
        pressure.subscribe(failing);
        pressure.subscribe(after);

        monitor.setLevel(HIGH);
        monitor.setLevel(LOW);

        assertThat(pressure.failures()).isEqualTo(2);
        assertThat(after.calls).containsExactly("NONE->HIGH", "HIGH->LOW");
    }

    @Test
    void closingASubscriptionOrThePressureStopsTheCalls() throws Exception {
        Recorder kept = new Recorder(NONE);
        Recorder dropped = new Recorder(NONE);
        pressure.subscribe(kept);
        AutoCloseable subscription = pressure.subscribe(dropped);

        subscription.close();
        monitor.setLevel(HIGH);
        pressure.close();
        monitor.setLevel(LOW);
        mode.forceOn();

        assertThat(dropped.calls).isEmpty();
        assertThat(kept.calls).containsExactly("NONE->HIGH");
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void underConcurrentInputsCallsAreSerialChainedAndEndAtTheEffectiveLevel() throws Exception {
        LowMemoryMode manual = LowMemoryMode.builder().automatic(false).build();
        EffectivePressure concurrent = EffectivePressure.of(monitor, manual);
        List<Chain> components = new ArrayList<>();
        for (MemoryPressureLevel floor : List.of(NONE, HIGH, CRITICAL)) {
            Chain component = new Chain(floor);
            components.add(component);
            concurrent.subscribe(component);
        }
        MemoryPressureLevel[] levels = MemoryPressureLevel.values();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> levelSetter = threads.submit(() -> {
                await(start);
                for (int i = 0; i < 20_000; i++) {
                    monitor.setLevel(levels[i % levels.length]);
                }
            });
            Future<?> modeSwitcher = threads.submit(() -> {
                await(start);
                for (int i = 0; i < 20_000; i++) {
                    manual.forceOn();
                    manual.release();
                }
            });
            Future<?> subscriber = threads.submit(() -> {
                await(start);
                for (int i = 0; i < 2_000; i++) {
                    Chain component = new Chain(levels[i % levels.length]);
                    try (AutoCloseable subscription = concurrent.subscribe(component)) {
                        Thread.yield();
                    }
                    assertThat(component.broken()).isZero();
                }
                return null;
            });
            start.countDown();
            levelSetter.get(2, TimeUnit.MINUTES);
            modeSwitcher.get(2, TimeUnit.MINUTES);
            subscriber.get(2, TimeUnit.MINUTES);
        }
        finally {
            threads.shutdownNow();
        }
        monitor.setLevel(LOW);
        manual.forceOn();

        for (Chain component : components) {
            assertThat(component.broken()).as("overlapping calls or a previous that was not the last current")
                    .isZero();
            assertThat(component.calls.get()).isPositive();
            assertThat(component.last).as("floor %s", component.floor).isEqualTo(
                    component.floor.compareTo(LOW) > 0 ? component.floor : LOW);
            assertThat(concurrent.levelFor(component)).isEqualTo(component.last);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Recorder implements PressureAware {

        final List<String> calls = new ArrayList<>();

        private final MemoryPressureLevel floor;

        Recorder(MemoryPressureLevel floor) {
            this.floor = floor;
        }

        @Override
        public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
            calls.add(previous + "->" + current);
        }

        @Override
        public MemoryPressureLevel lowMemoryFloor() {
            return floor;
        }
    }

    /** Checks that calls never overlap and that each one starts where the one before ended. */
    private static final class Chain implements PressureAware {

        final MemoryPressureLevel floor;

        final AtomicInteger calls = new AtomicInteger();

        private final AtomicBoolean inCall = new AtomicBoolean();

        private final AtomicInteger broken = new AtomicInteger();

        volatile MemoryPressureLevel last = NONE;

        Chain(MemoryPressureLevel floor) {
            this.floor = floor;
        }

        @Override
        public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
            if (!inCall.compareAndSet(false, true)) {
                broken.incrementAndGet();
            }
            if (previous != last || previous == current) {
                broken.incrementAndGet();
            }
            last = current;
            calls.incrementAndGet();
            inCall.set(false);
        }

        @Override
        public MemoryPressureLevel lowMemoryFloor() {
            return floor;
        }

        int broken() {
            return broken.get();
        }
    }
}
