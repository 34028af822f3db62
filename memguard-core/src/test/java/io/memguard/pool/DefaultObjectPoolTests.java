package io.memguard.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Nested;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;

import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.HolderMap;
import io.memguard.testing.TestClock;

class DefaultObjectPoolTests {

    /** Per-borrower state, as a service would pool it. */
    static final class Session {

        long token;

        int resets;

        boolean destroyed;
    }

    /**
     * A manual ticker that runs an action once, right after its next reading: what another thread could do between
     * a detection's reading of the ticker and its next step.
     */
    static final class InterleavingTicker implements LongSupplier {

        private final TestClock clock = new TestClock();

        private Runnable afterNextReading;

        void afterNextReading(Runnable action) {
            this.afterNextReading = action;
        }

        void advance(Duration duration) {
            clock.advance(duration);
        }

        @Override
        public long getAsLong() {
            long now = clock.nanoTime();
            Runnable action = afterNextReading;
            afterNextReading = null;
            if (action != null) {
                action.run();
            }
            return now;
        }
    }

    private static ObjectPool.Builder<Session> sessions() {
        return ObjectPool.builder("sessions", Session::new).reset(session -> session.resets++)
                .destroy(session -> session.destroyed = true);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits at the barrier; {@code false} once the barrier is broken (the test ends) or the wait is interrupted. */
    private static boolean awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (BrokenBarrierException ex) {
            return false;
        }
    }

    private static List<Session> borrow(ObjectPool<Session> pool, int count) {
        List<Session> borrowed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            borrowed.add(pool.borrow());
        }
        return borrowed;
    }

    @Nested
    class BorrowAndReturn {

        @Test
        void createsUpToTheMaxAndReusesReturnedObjectsAfterResettingThem() {
            ObjectPool<Session> pool = sessions().maxSize(3).build();
            List<Session> first = borrow(pool, 3);
            first.forEach(pool::release);
            assertThat(first).allSatisfy(session -> assertThat(session.resets).isEqualTo(1));

            List<Session> second = borrow(pool, 3);

            assertThat(second).containsExactlyInAnyOrderElementsOf(first);
            ObjectPoolSnapshot stats = pool.snapshot();
            assertThat(stats.name()).isEqualTo("sessions");
            assertThat(stats.created()).isEqualTo(3);
            assertThat(stats.borrowed()).isEqualTo(6);
            assertThat(stats.reused()).isEqualTo(3);
            assertThat(stats.reuseRatio()).isEqualTo(0.5);
            assertThat(stats.allocated()).isEqualTo(3);
            assertThat(stats.inUse()).isEqualTo(3);
            assertThat(stats.available()).isZero();
        }

        @Test
        void preCreatesTheInitialObjectsSoTheFirstBorrowsAreReuses() {
            AtomicInteger made = new AtomicInteger();
            ObjectPool<Session> pool = ObjectPool.builder("warm", () -> {
                made.incrementAndGet();
                return new Session();
            }).maxSize(4).initialSize(2).build();
            assertThat(made).hasValue(2);
            assertThat(pool.snapshot().available()).isEqualTo(2);

            borrow(pool, 2);

            assertThat(made).hasValue(2);
            assertThat(pool.snapshot().reuseRatio()).isEqualTo(1.0);
        }

        @Test
        void leasesAnObjectForATryBlock() {
            ObjectPool<Session> pool = sessions().build();
            Session leased;
            try (ObjectLease<Session> lease = pool.lease()) {
                leased = lease.get();
                assertThat(pool.snapshot().inUse()).isEqualTo(1);
            }
            assertThat(pool.snapshot().inUse()).isZero();
            assertThat(leased.resets).isEqualTo(1);
        }

        @Test
        void closingALeaseTwiceReturnsOnceAndItsObjectIsThenUnavailable() {
            ObjectPool<Session> pool = sessions().build();
            ObjectLease<Session> lease = pool.lease();
            lease.close();
            lease.close();
            assertThat(pool.snapshot().available()).isEqualTo(1);
            assertThatIllegalStateException().isThrownBy(lease::get)
                    .withMessage("This lease of pool 'sessions' is closed: its object went back to the pool");
        }

        @Test
        void returningTwiceThrowsAndLeavesThePoolUnchanged() {
            ObjectPool<Session> pool = sessions().build();
            Session session = pool.borrow();
            pool.release(session);
            ObjectPoolSnapshot before = pool.snapshot();

            assertThatIllegalStateException().isThrownBy(() -> pool.release(session)).withMessage(
                    "Cannot return a io.memguard.pool.DefaultObjectPoolTests$Session to object pool 'sessions'"
                            + " twice: it was already returned; return each borrowed object exactly once");

            assertThat(pool.snapshot()).isEqualTo(before);
            assertThat(session.resets).isEqualTo(1);
        }

        @Test
        void returningAnObjectThePoolDidNotLendThrowsAndLeavesThePoolUnchanged() {
            ObjectPool<Session> pool = sessions().build();
            pool.release(pool.borrow());
            ObjectPoolSnapshot before = pool.snapshot();

            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(new Session()))
                    .withMessageContaining("to object pool 'sessions' that did not lend it");
            assertThatNullPointerException().isThrownBy(() -> pool.release(null)).withMessage("object");

            assertThat(pool.snapshot()).isEqualTo(before);
        }

        @Test
        void aResetHookThatThrowsDestroysTheObjectAndThePoolCarriesOn() {
            ObjectPool<Session> pool = ObjectPool.builder("fragile", Session::new).reset(session -> {
                throw new IllegalStateException("cannot reset");
            }).build();
            Session session = pool.borrow();

            pool.release(session);

            ObjectPoolSnapshot stats = pool.snapshot();
            assertThat(stats.callbackFailures()).isEqualTo(1);
            assertThat(stats.destroyed()).isEqualTo(1);
            assertThat(stats.allocated()).isZero();
            assertThat(pool.borrow()).isNotSameAs(session);
        }

        @Test
        void aFactoryThatFailsLeavesRoomForTheNextBorrow() {
            AtomicBoolean fail = new AtomicBoolean(true);
            ObjectPool<Session> pool = ObjectPool.builder("flaky", () -> {
                if (fail.getAndSet(false)) {
                    throw new IllegalStateException("backend down");
                }
                return new Session();
            }).maxSize(1).build();

            assertThatIllegalStateException().isThrownBy(pool::borrow).withMessage("backend down");
            assertThat(pool.snapshot().allocated()).isZero();
            assertThat(pool.borrow()).isNotNull();
        }

        @Test
        void aFactoryMustMakeANewNonNullObjectEachTime() {
            ObjectPool<Session> nulls = ObjectPool.<Session>builder("nulls", () -> null).build();
            assertThatIllegalStateException().isThrownBy(nulls::borrow)
                    .withMessage("The factory of object pool 'nulls' returned null");
            Session only = new Session();
            ObjectPool<Session> same = ObjectPool.builder("same", () -> only).build();
            same.borrow();
            assertThatIllegalStateException().isThrownBy(same::borrow).withMessageContaining(
                    "returned an object already in the pool: it must make a new object each time");
        }
    }

    @Nested
    class Exhaustion {

        @Test
        void failsAtOnceWithAZeroTimeoutAndSaysWhatToDo() {
            ObjectPool<Session> pool = sessions().maxSize(1).build();
            pool.borrow();

            assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(() -> pool.borrow(Duration.ZERO))
                    .withMessage("Object pool 'sessions' is exhausted: all 1 objects stayed borrowed for PT0S."
                            + " Return objects sooner, raise the pool's max size, or raise its borrow timeout");
            assertThat(pool.snapshot().timeouts()).isEqualTo(1);
        }

        @Test
        void givesUpAfterTheBorrowTimeoutRatherThanWaitingForever() {
            ObjectPool<Session> pool = sessions().maxSize(1).borrowTimeout(Duration.ofMillis(30)).build();
            pool.borrow();
            long start = System.nanoTime();

            assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(pool::borrow);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(pool.snapshot().waiting()).isZero();
        }

        @Test
        void aWaitingBorrowerGetsTheObjectReturnedByAnotherThread() throws Exception {
            ObjectPool<Session> pool = sessions().maxSize(1).borrowTimeout(Duration.ofSeconds(30)).build();
            Session held = pool.borrow();
            CompletableFuture<Session> waiting = CompletableFuture.supplyAsync(pool::borrow);
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.snapshot().waiting() == 1);

            pool.release(held);

            assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(held);
        }

        @Test
        void anInterruptedBorrowerStopsWaitingAndKeepsItsInterrupt() throws Exception {
            ObjectPool<Session> pool = sessions().maxSize(1).borrowTimeout(Duration.ofSeconds(30)).build();
            pool.borrow();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread borrower = new Thread(() -> {
                try {
                    pool.borrow();
                }
                catch (PoolExhaustedException ex) {
                    failure.set(ex);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            borrower.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.snapshot().waiting() == 1);

            borrower.interrupt();
            borrower.join(10_000);

            assertThat(failure.get()).hasMessage("Interrupted while waiting for an object of pool 'sessions'")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(stillInterrupted).isTrue();
        }

        @Test
        void anIdleObjectAnotherThreadKeptAsideIsTakenRatherThanWaitedFor() throws Exception {
            ObjectPool<Session> pool = sessions().maxSize(1).build();
            AtomicReference<Session> keptElsewhere = new AtomicReference<>();
            CountDownLatch kept = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                Session session = pool.borrow();
                pool.release(session); // kept in this thread's slot for its next borrow
                keptElsewhere.set(session);
                kept.countDown();
                awaitQuietly(done);
            });
            other.start();
            kept.await();

            Session taken = pool.borrow(Duration.ZERO);

            done.countDown();
            other.join();
            assertThat(taken).isSameAs(keptElsewhere.get());
            assertThat(pool.snapshot().timeouts()).isZero();
        }

        @Test
        void theObjectAnEndedThreadKeptAsideGoesBackToEveryone() throws Exception {
            ObjectPool<Session> pool = sessions().maxSize(2).build();
            AtomicReference<Session> keptElsewhere = new AtomicReference<>();
            Thread other = new Thread(() -> {
                Session session = pool.borrow();
                pool.release(session);
                keptElsewhere.set(session);
            });
            other.start();
            other.join();
            assertThat(pool.snapshot().available()).isEqualTo(1);

            assertThat(pool.borrow()).isSameAs(keptElsewhere.get());
        }

        @Test
        void theBorrowsOfAnEndedThreadStayCountedWhenItsSlotIsRetired() throws Exception {
            ObjectPool<Session> pool = sessions().maxSize(2).build();
            Thread other = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    pool.release(pool.borrow());
                }
            });
            other.start();
            other.join();
            assertThat(pool.snapshot().borrowed()).isEqualTo(3);

            // This thread's first borrow makes its own slot, which retires the ended thread's.
            pool.release(pool.borrow());

            assertThat(pool.snapshot().borrowed()).isEqualTo(4);
            Thread third = new Thread(() -> pool.release(pool.borrow()));
            third.start();
            third.join();
            pool.release(pool.borrow());
            assertThat(pool.snapshot().borrowed()).isEqualTo(6);
        }

        @Test
        void rejectsANegativeTimeoutNamingIt() {
            ObjectPool<Session> pool = sessions().build();
            assertThatIllegalArgumentException().isThrownBy(() -> pool.borrow(Duration.ofSeconds(-1)))
                    .withMessage("timeout must not be negative, was PT-1S");
        }
    }

    @Nested
    class Abandoned {

        private final TestClock clock = new TestClock();

        private final List<AbandonedObject> reported = new CopyOnWriteArrayList<>();

        @Test
        void reportsAnObjectSeenBorrowedForTheTimeoutOnceWithItsBorrower() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofMinutes(1))
                    .listener(reported::add).build();
            pool.borrow();
            Session returned = pool.borrow();
            assertThat(pool.detectAbandoned()).as("the first detection notes both borrows").isEmpty();
            clock.advance(Duration.ofSeconds(30));
            pool.release(returned);
            assertThat(pool.detectAbandoned()).isEmpty();

            clock.advance(Duration.ofSeconds(30));
            List<AbandonedObject> found = pool.detectAbandoned();

            assertThat(found).singleElement().satisfies(object -> {
                assertThat(object.pool()).isEqualTo("sessions");
                assertThat(object.type()).isEqualTo(Session.class.getName());
                assertThat(object.borrowedFor()).isEqualTo(Duration.ofMinutes(1));
                assertThat(object.borrowingThread()).isEqualTo(Thread.currentThread().getName());
                assertThat(object.borrowedAt()).isEmpty();
            });
            assertThat(reported).isEqualTo(found);
            clock.advance(Duration.ofMinutes(5));
            assertThat(pool.detectAbandoned()).isEmpty();
            assertThat(pool.snapshot().abandoned()).isEqualTo(1);
        }

        @Test
        void saysWhereTheObjectWasBorrowedWhenStacksAreCaptured() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofSeconds(1))
                    .captureBorrowStack(true).build();
            borrowAndForget(pool);
            pool.detectAbandoned();
            clock.advance(Duration.ofSeconds(1));

            assertThat(pool.detectAbandoned()).singleElement().satisfies(object -> {
                assertThat(object.borrowedAt().get(0).getMethodName()).isEqualTo("borrowAndForget");
                assertThat(object.describe()).contains("at:").contains("borrowAndForget");
            });
        }

        @Test
        void anObjectBorrowedAgainCanBeReportedAgain() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofSeconds(1))
                    .maxSize(1).build();
            Session session = pool.borrow();
            pool.detectAbandoned();
            clock.advance(Duration.ofSeconds(2));
            assertThat(pool.detectAbandoned()).hasSize(1);
            pool.release(session);
            pool.borrow();
            assertThat(pool.detectAbandoned()).as("a new borrow is timed afresh").isEmpty();
            clock.advance(Duration.ofSeconds(2));

            assertThat(pool.detectAbandoned()).hasSize(1);
        }

        @Test
        void anExhaustedBorrowLooksForAbandonedObjectsBeforeWaiting() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofSeconds(1))
                    .maxSize(1).borrowTimeout(Duration.ofMillis(1)).listener(reported::add).build();
            pool.borrow();
            pool.detectAbandoned();
            clock.advance(Duration.ofSeconds(2));

            assertThatExceptionOfType(PoolExhaustedException.class).isThrownBy(pool::borrow);

            assertThat(reported).hasSize(1);
        }

        @Test
        void aZeroTimeoutTurnsDetectionOff() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ZERO).build();
            pool.borrow();
            pool.detectAbandoned();
            clock.advance(Duration.ofDays(1));
            assertThat(pool.detectAbandoned()).isEmpty();
        }

        @Test
        void neverReportsAnObjectBorrowedForLessThanTheTimeoutHoweverLateItIsFirstSeen() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofMinutes(1))
                    .build();
            pool.borrow();
            clock.advance(Duration.ofMinutes(10)); // no detection ran meanwhile: the borrow's start is unknown

            assertThat(pool.detectAbandoned()).isEmpty();
            clock.advance(Duration.ofSeconds(59));
            assertThat(pool.detectAbandoned()).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(pool.detectAbandoned()).singleElement()
                    .satisfies(object -> assertThat(object.borrowedFor()).isEqualTo(Duration.ofMinutes(1)));
        }

        @Test
        void aListenerThatThrowsIsCountedAndTheOthersStillHear() {
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofSeconds(1))
                    .build();
            pool.addListener(object -> {
                throw new IllegalStateException("listener bug");
            });
            pool.addListener(reported::add);
            Consumer<AbandonedObject> removed = reported::add;
            pool.addListener(removed);
            pool.removeListener(removed);
            pool.borrow();
            pool.detectAbandoned();
            clock.advance(Duration.ofSeconds(1));

            pool.detectAbandoned();

            assertThat(reported).hasSize(1);
            assertThat(pool.snapshot().callbackFailures()).isEqualTo(1);
        }

        @Test
        void aDetectionThatSawAnEarlierBorrowNeverStampsTheNextOne() {
            InterleavingTicker clock = new InterleavingTicker();
            ObjectPool<Session> pool = sessions().ticker(clock).abandonedTimeout(Duration.ofMinutes(1)).maxSize(1)
                    .build();
            Session session = pool.borrow();
            clock.afterNextReading(() -> {
                // While the detection looks at the first borrow, it ends and the object is borrowed again later.
                pool.release(session);
                clock.advance(Duration.ofSeconds(30));
                pool.borrow();
            });
            assertThat(pool.detectAbandoned()).isEmpty();
            clock.advance(Duration.ofSeconds(30));

            assertThat(pool.detectAbandoned()).as("the second borrow began 30 s ago").isEmpty();

            clock.advance(Duration.ofSeconds(30));
            assertThat(pool.detectAbandoned()).isEmpty();
            clock.advance(Duration.ofSeconds(30));
            assertThat(pool.detectAbandoned()).singleElement()
                    .satisfies(object -> assertThat(object.borrowedFor()).isEqualTo(Duration.ofMinutes(1)));
        }

        @Test
        void aBorrowReturnedWhileADetectionDecidesIsNotReported() {
            InterleavingTicker clock = new InterleavingTicker();
            ObjectPool<Session> pool = sessions().ticker(clock).abandonedTimeout(Duration.ofMinutes(1)).maxSize(1)
                    .listener(reported::add).build();
            Session session = pool.borrow();
            pool.detectAbandoned();
            clock.advance(Duration.ofMinutes(1));
            clock.afterNextReading(() -> pool.release(session));

            assertThat(pool.detectAbandoned()).isEmpty();

            assertThat(reported).isEmpty();
            assertThat(pool.snapshot().abandoned()).isZero();
        }

        private void borrowAndForget(ObjectPool<Session> pool) {
            pool.borrow();
        }
    }

    @Nested
    class Pressure {

        @Test
        void highTrimsIdleObjectsCriticalDestroysThemAllAndRetentionResumesBelowIt() {
            ObjectPool<Session> pool = sessions().maxSize(8).highPressureTrim(0.5).build();
            List<Session> sessions = borrow(pool, 8);
            sessions.forEach(pool::release);

            pool.adjustTo(MemoryPressureLevel.HIGH);
            assertThat(pool.snapshot().available()).isEqualTo(4);
            assertThat(sessions).filteredOn(session -> session.destroyed).hasSize(4);

            pool.adjustTo(MemoryPressureLevel.CRITICAL);
            assertThat(pool.snapshot().available()).isZero();
            List<Session> duringCritical = borrow(pool, 3);
            duringCritical.forEach(pool::release);
            assertThat(pool.snapshot().available()).as("nothing is kept while CRITICAL").isZero();
            assertThat(duringCritical).allSatisfy(session -> assertThat(session.destroyed).isTrue());

            pool.adjustTo(MemoryPressureLevel.MODERATE);
            borrow(pool, 3).forEach(pool::release);
            assertThat(pool.snapshot().available()).isEqualTo(3);
        }

        @Test
        void trimIdleRejectsAFractionOutsideZeroToOne() {
            ObjectPool<Session> pool = sessions().build();
            assertThatIllegalArgumentException().isThrownBy(() -> pool.trimIdle(0))
                    .withMessage("fraction must be in (0..1], was 0.0");
        }

        @Test
        void closeDestroysIdleObjectsAndThoseReturnedLaterEvenAfterThePressureFalls() {
            ObjectPool<Session> pool = sessions().build();
            Session idle = pool.borrow();
            Session out = pool.borrow();
            pool.release(idle);

            pool.close();
            pool.adjustTo(MemoryPressureLevel.NONE);
            pool.release(out);

            assertThat(idle.destroyed).isTrue();
            assertThat(out.destroyed).isTrue();
            assertThat(pool.snapshot().allocated()).isZero();
        }
    }

    @Nested
    class Concurrency {

        /**
         * More threads than objects borrow and return hundreds of thousands of times, each keeping one object (and
         * every other time a second one, if the pool has one free) for a random while, while another thread trims
         * and changes the pressure level. Every holder registers what it gets in a holder map, by identity, and
         * unregisters it before returning it: an object lent while another holder still holds it is caught at once.
         */
        @Test
        void noObjectIsEverLentTwiceAndTheCountersBalance() throws Exception {
            int threads = 8;
            int operations = 100_000;
            ObjectPool<Session> pool = ObjectPool.builder("stress", Session::new).maxSize(6)
                    .borrowTimeout(Duration.ofSeconds(30)).build();
            HolderMap<Session> holders = new HolderMap<>();
            LongAdder borrowed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread disturber = new Thread(() -> disturb(pool, running));
            disturber.start();
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long id = t;
                    results.add(executor.submit(() -> {
                        for (int i = 0; i < operations; i++) {
                            long holding = (id << 32) | i;
                            Session first = pool.borrow();
                            holders.handedOut(first, holding);
                            HolderMap.holdForAWhile(64);
                            // A second object only if one is free now: waiting while holding one could deadlock.
                            Session second = (i & 1) == 0 ? tryBorrow(pool) : null;
                            if (second != null) {
                                borrowed.increment();
                                holders.handedOut(second, holding | 1L << 31);
                                HolderMap.holdForAWhile(64);
                                holders.givingBack(second, holding | 1L << 31);
                                pool.release(second);
                            }
                            holders.givingBack(first, holding);
                            pool.release(first);
                        }
                    }));
                }
                for (Future<?> result : results) {
                    result.get(2, TimeUnit.MINUTES);
                }
            }
            finally {
                running.set(false);
                executor.shutdownNow();
                disturber.join();
            }

            assertThat(holders.conflicts()).as(holders.firstConflict()).isZero();
            assertThat(holders.held()).isZero();
            ObjectPoolSnapshot stats = pool.snapshot();
            assertThat(stats.borrowed()).isEqualTo((long) threads * operations + borrowed.sum());
            assertThat(stats.inUse()).isZero();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.allocated()).isBetween(0, 6).isEqualTo(stats.available());
            assertThat(stats.created() - stats.destroyed()).isEqualTo(stats.allocated());
        }

        /**
         * Round after round, objects borrowed and kept are past the abandoned timeout when several threads look
         * for them at the same moment: half call {@link ObjectPool#detectAbandoned()} as the scheduler does, half
         * are borrowers of the exhausted pool, which look before they wait. Each borrow is named by its thread,
         * and each must be reported exactly once: never twice, never lost.
         */
        @Test
        void concurrentDetectionsReportEveryAbandonedBorrowExactlyOnce() throws Exception {
            int objects = 256;
            int rounds = 60;
            int detectors = 4;
            TestClock clock = new TestClock();
            Map<String, AtomicInteger> reports = new ConcurrentHashMap<>();
            ObjectPool<Session> pool = sessions().ticker(clock.ticker()).abandonedTimeout(Duration.ofSeconds(1))
                    .maxSize(objects).listener(object -> reports
                            .computeIfAbsent(object.borrowingThread(), name -> new AtomicInteger()).incrementAndGet())
                    .build();
            CyclicBarrier start = new CyclicBarrier(detectors + 1);
            CyclicBarrier end = new CyclicBarrier(detectors + 1);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int d = 0; d < detectors; d++) {
                boolean exhaustedBorrower = (d & 1) == 0;
                threads.add(new Thread(() -> {
                    while (awaitQuietly(start) && running.get()) {
                        if (exhaustedBorrower) {
                            assertThatExceptionOfType(PoolExhaustedException.class)
                                    .isThrownBy(() -> pool.borrow(Duration.ofNanos(1)));
                        }
                        else {
                            pool.detectAbandoned();
                        }
                        awaitQuietly(end);
                    }
                }));
            }
            threads.forEach(Thread::start);
            long duplicates = 0;
            long lost = 0;
            String name = Thread.currentThread().getName();
            Logger poolLogger = (Logger) LoggerFactory.getLogger(ObjectPool.class);
            Level level = poolLogger.getLevel();
            poolLogger.setLevel(Level.ERROR); // tens of thousands of warnings would only slow the rounds down
            try {
                for (int round = 0; round < rounds; round++) {
                    List<Session> kept = new ArrayList<>();
                    for (int i = 0; i < objects; i++) {
                        Thread.currentThread().setName("round-" + round + "-borrow-" + i);
                        kept.add(pool.borrow());
                    }
                    Thread.currentThread().setName(name);
                    pool.detectAbandoned();
                    clock.advance(Duration.ofSeconds(1));
                    start.await(1, TimeUnit.MINUTES);
                    end.await(1, TimeUnit.MINUTES);
                    pool.detectAbandoned(); // reports what the racing detections lost; reports nothing twice
                    for (int i = 0; i < objects; i++) {
                        AtomicInteger count = reports.get("round-" + round + "-borrow-" + i);
                        int times = count == null ? 0 : count.get();
                        duplicates += Math.max(0, times - 1);
                        lost += times == 0 ? 1 : 0;
                    }
                    kept.forEach(pool::release);
                }
            }
            finally {
                poolLogger.setLevel(level);
                Thread.currentThread().setName(name);
                running.set(false);
                start.reset();
                for (Thread thread : threads) {
                    thread.join(10_000);
                }
            }

            assertThat(duplicates).as("borrows reported more than once").isZero();
            assertThat(lost).as("borrows never reported").isZero();
            assertThat(pool.snapshot().abandoned()).isEqualTo((long) rounds * objects);
        }

        private Session tryBorrow(ObjectPool<Session> pool) {
            try {
                return pool.borrow(Duration.ZERO);
            }
            catch (PoolExhaustedException ex) {
                return null;
            }
        }

        private void disturb(ObjectPool<Session> pool, AtomicBoolean running) {
            MemoryPressureLevel previous = MemoryPressureLevel.NONE;
            MemoryPressureLevel[] cycle = { MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL,
                    MemoryPressureLevel.LOW };
            for (int i = 0; running.get(); i++) {
                pool.adjustTo(cycle[i % 3]);
                previous = cycle[i % 3];
                pool.trimIdle(0.5);
                Thread.yield();
            }
            pool.adjustTo(MemoryPressureLevel.NONE);
        }
    }
}
