package io.memguard.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import io.memguard.buffer.BufferPool.BufferLeak;
import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.HolderMap;

class DefaultBufferPoolTests {

    private final List<BufferPool> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(BufferPool::close);
    }

    private BufferPool pool(BufferPool.Builder builder) {
        BufferPool pool = builder.build();
        pools.add(pool);
        return pool;
    }

    private BufferPool pool() {
        return pool(BufferPool.builder());
    }

    @Nested
    class Acquire {

        @Test
        void servesTheSmallestBucketThatFits() {
            BufferPool pool = pool();
            assertThat(pool.acquire(0).capacity()).isEqualTo(1024);
            assertThat(pool.acquire(1).capacity()).isEqualTo(1024);
            assertThat(pool.acquire(1024).capacity()).isEqualTo(1024);
            assertThat(pool.acquire(1025).capacity()).isEqualTo(2048);
            assertThat(pool.acquire(16 * 1024).capacity()).isEqualTo(16 * 1024);
            assertThat(pool.acquire(1 << 20).capacity()).isEqualTo(1 << 20);
        }

        @Test
        void returnsAClearedBigEndianBufferEvenIfTheLastHolderChangedIt() {
            BufferPool pool = pool();
            ByteBuffer first = pool.acquire(100);
            first.order(ByteOrder.LITTLE_ENDIAN).putLong(42L).limit(20).mark();
            pool.release(first);

            ByteBuffer again = pool.acquire(100);

            assertThat(again).isSameAs(first);
            assertThat(again.position()).isZero();
            assertThat(again.limit()).isEqualTo(again.capacity());
            assertThat(again.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        }

        @Test
        void reusesAReleasedBufferAndCountsTheHit() {
            BufferPool pool = pool();
            ByteBuffer first = pool.acquire(4000);
            pool.release(first);

            assertThat(pool.acquire(4000)).isSameAs(first);
            BufferPoolSnapshot.Bucket bucket = pool.snapshot().bucket(4096);
            assertThat(bucket.acquired()).isEqualTo(2);
            assertThat(bucket.misses()).isEqualTo(1);
            assertThat(bucket.hits()).isEqualTo(1);
            assertThat(bucket.reuseRatio()).isEqualTo(0.5);
            assertThat(bucket.inUse()).isEqualTo(1);
        }

        @Test
        void handsOutDirectBuffersWhenConfigured() {
            BufferPool pool = pool(BufferPool.builder().direct(true));
            ByteBuffer buffer = pool.acquire(10);
            assertThat(buffer.isDirect()).isTrue();
            assertThat(pool.snapshot().direct()).isTrue();
        }

        @Test
        void servesRequestsAboveTheLargestBucketUnpooledAndCountsThem() {
            BufferPool pool = pool(BufferPool.builder().buckets(1024, 4096));
            ByteBuffer big = pool.acquire(5000);
            assertThat(big.capacity()).isEqualTo(5000);
            assertThat(pool.snapshot().unpooled()).isEqualTo(1);
            assertThat(pool.snapshot().unpooledBytes()).isEqualTo(5000);
            assertThat(pool.snapshot().inUse()).isEqualTo(1);

            pool.release(big);

            assertThat(pool.acquire(5000)).isNotSameAs(big);
            assertThat(pool.snapshot().unpooled()).isEqualTo(2);
            assertThat(pool.snapshot().retainedBytes()).isZero();
            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(big))
                    .withMessageContaining("did not hand out");
        }

        @Test
        void rejectsANegativeSizeNamingIt() {
            BufferPool pool = pool();
            assertThatIllegalArgumentException().isThrownBy(() -> pool.acquire(-1))
                    .withMessage("minCapacity must not be negative, was -1");
        }

        @Test
        void leasesABufferForATryBlock() {
            BufferPool pool = pool();
            ByteBuffer leased;
            try (BufferLease lease = pool.lease(2000)) {
                leased = lease.buffer();
                assertThat(leased.capacity()).isEqualTo(2048);
                assertThat(pool.snapshot().inUse()).isEqualTo(1);
            }
            assertThat(pool.snapshot().inUse()).isZero();
            assertThat(pool.acquire(2000)).isSameAs(leased);
        }

        @Test
        void closingALeaseTwiceReleasesOnceAndItsBufferIsThenUnavailable() {
            BufferPool pool = pool();
            BufferLease lease = pool.lease(10);
            lease.close();
            lease.close();
            assertThat(pool.snapshot().bucket(1024).released()).isEqualTo(1);
            assertThatIllegalStateException().isThrownBy(lease::buffer).withMessageContaining("lease is closed");
        }
    }

    @Nested
    class Ownership {

        @Test
        void releasingTwiceThrowsAndLeavesThePoolUnchanged() {
            BufferPool pool = pool();
            ByteBuffer buffer = pool.acquire(100);
            pool.release(buffer);
            BufferPoolSnapshot before = pool.snapshot();

            assertThatIllegalStateException().isThrownBy(() -> pool.release(buffer))
                    .withMessageContaining("Cannot release a 1024-byte buffer twice");

            assertThat(pool.snapshot()).isEqualTo(before);
            assertThat(pool.acquire(100)).isSameAs(buffer);
            assertThat(pool.acquire(100)).isNotSameAs(buffer);
        }

        @Test
        void releasingABufferFromElsewhereThrowsAndLeavesThePoolUnchanged() {
            BufferPool pool = pool();
            pool.release(pool.acquire(100));
            BufferPoolSnapshot before = pool.snapshot();

            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(ByteBuffer.allocate(1024)))
                    .withMessageContaining("that this pool did not hand out");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(ByteBuffer.allocate(1000)))
                    .withMessageContaining("1000-byte heap buffer that this pool did not hand out");

            assertThat(pool.snapshot()).isEqualTo(before);
        }

        @Test
        void releasingADuplicateOrASliceThrowsAndTheOriginalCanStillBeReleased() {
            BufferPool pool = pool();
            ByteBuffer buffer = pool.acquire(100);

            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(buffer.duplicate()));
            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(buffer.slice()));

            pool.release(buffer);
            assertThat(pool.snapshot().inUse()).isZero();
        }

        @Test
        void releasingAnotherPoolsBufferThrows() {
            BufferPool pool = pool();
            BufferPool other = pool();
            ByteBuffer foreign = other.acquire(100);
            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(foreign));
            other.release(foreign);
        }

        @Test
        void releasingAHeapBufferToADirectPoolThrows() {
            BufferPool direct = pool(BufferPool.builder().direct(true));
            BufferPool heap = pool();
            ByteBuffer buffer = heap.acquire(100);
            assertThatIllegalArgumentException().isThrownBy(() -> direct.release(buffer))
                    .withMessageContaining("heap buffer");
        }

        @Test
        void releasingNullThrowsNamingTheArgument() {
            BufferPool pool = pool();
            org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(() -> pool.release(null))
                    .withMessage("buffer");
        }

        @Test
        void releasingOnAnotherThreadWorksAndIsCheckedTheSame() throws Exception {
            BufferPool pool = pool();
            ByteBuffer buffer = pool.acquire(100);
            Thread releaser = new Thread(() -> pool.release(buffer));
            releaser.start();
            releaser.join();
            assertThat(pool.snapshot().inUse()).isZero();
            // The acquiring thread's cache still remembers the buffer as its last hand-out: the slot's state decides.
            assertThatIllegalStateException().isThrownBy(() -> pool.release(buffer))
                    .withMessageContaining("Cannot release a 1024-byte buffer twice");
        }

        @Test
        void buffersReleasedInAnyOrderAreEachFoundAndEachOnlyOnce() {
            BufferPool pool = pool();
            ByteBuffer first = pool.acquire(100);
            ByteBuffer second = pool.acquire(2000);
            ByteBuffer last = pool.acquire(100);

            pool.release(first);
            pool.release(last);
            pool.release(second);

            assertThat(pool.snapshot().inUse()).isZero();
            assertThat(pool.snapshot().bucket(1024).released()).isEqualTo(2);
            assertThat(pool.snapshot().bucket(2048).released()).isEqualTo(1);
            for (ByteBuffer buffer : List.of(first, second, last)) {
                assertThatIllegalStateException().isThrownBy(() -> pool.release(buffer))
                        .withMessageContaining("twice");
            }
            assertThatIllegalArgumentException().isThrownBy(() -> pool.release(last.duplicate()));
        }
    }

    @Nested
    class Bounds {

        @Test
        void dropsReleasedBuffersBeyondMaxPerBucketAndCountsThem() {
            BufferPool pool = pool(BufferPool.builder().maxPerBucket(2).threadCacheSize(1));
            List<ByteBuffer> held = acquire(pool, 5, 100);
            held.forEach(pool::release);

            BufferPoolSnapshot.Bucket bucket = pool.snapshot().bucket(1024);
            assertThat(bucket.retained()).isEqualTo(2);
            assertThat(bucket.dropped()).isEqualTo(3);
            assertThat(bucket.released()).isEqualTo(5);
            assertThat(bucket.inUse()).isZero();
        }

        @Test
        void dropsReleasedBuffersBeyondMaxRetainedBytes() {
            BufferPool pool = pool(BufferPool.builder().maxRetainedBytes(3 * 4096 + 100));
            List<ByteBuffer> held = acquire(pool, 5, 4096);
            held.forEach(pool::release);

            BufferPoolSnapshot stats = pool.snapshot();
            assertThat(stats.retainedBytes()).isEqualTo(3 * 4096);
            assertThat(stats.bucket(4096).dropped()).isEqualTo(2);
        }

        @Test
        void retainsNothingWhenTheBoundsAreZero() {
            BufferPool pool = pool(BufferPool.builder().maxPerBucket(0));
            ByteBuffer buffer = pool.acquire(10);
            pool.release(buffer);
            assertThat(pool.acquire(10)).isNotSameAs(buffer);
            assertThat(pool.snapshot().bucket(1024).dropped()).isEqualTo(1);
        }

        @Test
        void theBoundsHoldOverAllThreadCachesTogether() throws Exception {
            BufferPool pool = pool(BufferPool.builder().maxPerBucket(10).threadCacheSize(8));
            int threads = 6;
            CyclicBarrier allHolding = new CyclicBarrier(threads);
            runConcurrently(threads, () -> {
                List<ByteBuffer> held = acquire(pool, 8, 100);
                allHolding.await();
                held.forEach(pool::release);
                return null;
            });

            BufferPoolSnapshot.Bucket bucket = pool.snapshot().bucket(1024);
            assertThat(bucket.retained()).isEqualTo(10);
            assertThat(bucket.dropped()).isEqualTo(threads * 8 - 10);
        }

        @Test
        void reclaimsReservationsLeftIdleInAnotherThreadsCacheWhenTheBudgetRunsOut() throws Exception {
            BufferPool pool = pool(BufferPool.builder().maxPerBucket(4).threadCacheSize(4));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                acquire(pool, 4, 100).forEach(pool::release);
                List<ByteBuffer> out = acquire(pool, 4, 100); // its cache keeps 4 reservations for them
                holding.countDown();
                awaitQuietly(done);
                out.forEach(pool::release);
            });
            holder.start();
            holding.await();

            boolean retainedHere = false;
            for (int i = 0; i < 200 && !retainedHere; i++) {
                ByteBuffer buffer = pool.acquire(100);
                pool.release(buffer);
                ByteBuffer again = pool.acquire(100);
                retainedHere = again == buffer;
                pool.release(again);
            }
            done.countDown();
            holder.join();

            assertThat(retainedHere).isTrue();
        }
    }

    @Nested
    class Pressure {

        @Test
        void highTrimsAFractionCriticalLetsAllGoAndRetentionRecoversWhenTheLevelFalls() throws Exception {
            BufferPool pool = pool(BufferPool.builder().highPressureTrim(0.5).threadCacheSize(4));
            fill(pool, 16, 16 * 1024);
            long full = pool.snapshot().retainedBytes();
            assertThat(full).isEqualTo(16 * 16 * 1024);

            pool.onPressureLevel(MemoryPressureLevel.MODERATE, MemoryPressureLevel.HIGH);
            long afterHigh = pool.snapshot().retainedBytes();
            assertThat(afterHigh).isGreaterThan(0).isLessThanOrEqualTo(full / 2);

            pool.onPressureLevel(MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL);
            assertThat(pool.snapshot().retainedBytes()).isZero();
            assertThat(pool.snapshot().retentionPaused()).isTrue();
            fill(pool, 16, 16 * 1024);
            assertThat(pool.snapshot().retainedBytes()).as("nothing is retained while CRITICAL").isZero();
            assertThat(((DefaultBufferPool) pool).reservedBytes()).isZero();

            pool.onPressureLevel(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.MODERATE);
            fill(pool, 16, 16 * 1024);
            assertThat(pool.snapshot().retentionPaused()).isFalse();
            assertThat(pool.snapshot().retainedBytes()).isEqualTo(full);
        }

        @Test
        void trimsAtHighOnlyWhenRisingIntoIt() {
            BufferPool pool = pool();
            pool.onPressureLevel(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.HIGH);
            fill(pool, 4, 1024);
            assertThat(pool.snapshot().retainedBytes()).isEqualTo(4 * 1024);
            assertThat(pool.snapshot().level()).isEqualTo(MemoryPressureLevel.HIGH);
        }

        @Test
        void trimLetsGoOfTheSharedQueueAndEveryThreadsCache() throws Exception {
            BufferPool pool = pool(BufferPool.builder().threadCacheSize(2));
            fill(pool, 6, 1024); // 2 in this thread's cache, 4 in the shared queue
            CountDownLatch filled = new CountDownLatch(1);
            CountDownLatch trimmed = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                fill(pool, 4, 4096); // 2 in the other thread's cache, 2 in the shared queue
                filled.countDown();
                awaitQuietly(trimmed);
            });
            other.start();
            filled.await();
            assertThat(pool.snapshot().retainedBytes()).isEqualTo(6 * 1024 + 4 * 4096);

            pool.trim(1.0);
            trimmed.countDown();
            other.join();

            BufferPoolSnapshot stats = pool.snapshot();
            assertThat(stats.retainedBytes()).isZero();
            assertThat(stats.bucket(1024).trimmed()).isEqualTo(6);
            assertThat(stats.bucket(4096).trimmed()).isEqualTo(4);
            assertThat(((DefaultBufferPool) pool).reservedBytes()).isZero();
        }

        @Test
        void rejectsATrimFractionOutsideZeroToOne() {
            BufferPool pool = pool();
            assertThatIllegalArgumentException().isThrownBy(() -> pool.trim(0.0))
                    .withMessage("fraction must be in (0..1], was 0.0");
            assertThatIllegalArgumentException().isThrownBy(() -> pool.trim(1.5));
        }

        @Test
        void adaptiveSizeScalesDownAsTheLevelRises() {
            BufferPool pool = pool(BufferPool.builder().adaptiveFactors(0.9, 0.6, 0.3, 0.1));
            assertThat(pool.adaptiveSize(1000)).isEqualTo(1000);
            int[] expected = { 900, 600, 300, 100 };
            MemoryPressureLevel previous = MemoryPressureLevel.NONE;
            for (MemoryPressureLevel level : List.of(MemoryPressureLevel.LOW, MemoryPressureLevel.MODERATE,
                    MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL)) {
                pool.onPressureLevel(previous, level);
                assertThat(pool.adaptiveSize(1000)).as("at %s", level).isEqualTo(expected[level.ordinal() - 1]);
                previous = level;
            }
            assertThat(pool.adaptiveSize(1)).isEqualTo(1);
            assertThatIllegalArgumentException().isThrownBy(() -> pool.adaptiveSize(0))
                    .withMessage("defaultSize must be at least 1, was 0");
        }

        @Test
        void closeLetsEverythingGoAndLaterReleasesAreDroppedEvenAfterThePressureFalls() {
            BufferPool pool = pool();
            fill(pool, 4, 1024);
            ByteBuffer out = pool.acquire(10);

            pool.close();
            pool.onPressureLevel(MemoryPressureLevel.CRITICAL, MemoryPressureLevel.NONE);
            pool.release(out);

            assertThat(pool.snapshot().retainedBytes()).isZero();
            assertThat(pool.snapshot().retentionPaused()).isTrue();
            assertThat(pool.acquire(10).capacity()).isEqualTo(1024);
        }
    }

    @Nested
    class Leaks {

        @Test
        void reportsABufferCollectedWhileAcquiredWithWhereItWasAcquired() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.PARANOID).leakListener(leaks::add));
            acquireAndDrop(pool, 3000);

            awaitReports(leaks, 1);

            BufferLeak leak = leaks.get(0);
            assertThat(leak.capacity()).isEqualTo(4096);
            assertThat(leak.pooled()).isTrue();
            assertThat(leak.acquiringThread()).isEqualTo(Thread.currentThread().getName());
            assertThat(leak.acquiredAt().get(0).getMethodName()).isEqualTo("acquireAndDrop");
            assertThat(leak.describe()).contains("4096-byte heap pooled buffer was garbage collected while acquired")
                    .contains("acquireAndDrop");
            BufferPoolSnapshot stats = pool.snapshot();
            assertThat(stats.leaked()).isEqualTo(1);
            assertThat(stats.bucket(4096).leaked()).isEqualTo(1);
            assertThat(stats.inUse()).isZero();
        }

        @Test
        void reportsAnUnpooledBufferAndADroppedLease() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().buckets(1024).leakDetection(LeakDetection.PARANOID)
                    .leakListener(leaks::add));
            acquireAndDrop(pool, 5000);
            pool.lease(10);

            awaitReports(leaks, 2);

            assertThat(leaks).extracting(BufferLeak::capacity).containsExactlyInAnyOrder(5000, 1024);
            assertThat(leaks).filteredOn(leak -> leak.capacity() == 5000).singleElement()
                    .satisfies(leak -> assertThat(leak.pooled()).isFalse());
        }

        @Test
        void sampledRecordsTheOriginOfSampledAcquisitionsAndReportsTheOthersWithout() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.SAMPLED).samplingInterval(2)
                    .leakListener(leaks::add));
            acquireAndDrop(pool, 100); // first of two: not sampled
            acquireAndDrop(pool, 100); // second: sampled

            awaitReports(leaks, 2);

            assertThat(leaks).filteredOn(BufferLeak::originRecorded).hasSize(1);
            assertThat(leaks).filteredOn(leak -> !leak.originRecorded()).singleElement()
                    .satisfies(leak -> assertThat(leak.describe()).contains("origin was not recorded"));
        }

        @Test
        void sampledStackTracesAreSpacedOnTheTicker() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            AtomicLong ticker = new AtomicLong(-1_000_000_000L);
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.SAMPLED).samplingInterval(1)
                    .ticker(ticker::get).leakListener(leaks::add));
            acquireAndDrop(pool, 100); // recorded
            acquireAndDrop(pool, 100); // within the spacing: not recorded
            ticker.addAndGet(DefaultBufferPool.SAMPLED_ORIGIN_SPACING_NANOS);
            acquireAndDrop(pool, 100); // recorded again

            awaitReports(leaks, 3);

            assertThat(leaks).filteredOn(BufferLeak::originRecorded).hasSize(2);
        }

        @Test
        void disabledReportsNothingButStillWritesTheBufferOff() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.DISABLED).leakListener(leaks::add));
            acquireAndDrop(pool, 100);

            awaitLeaks(pool, 1);

            assertThat(pool.snapshot().inUse()).isZero();
            assertThat(leaks).isEmpty();
        }

        @Test
        void aListenerThatThrowsIsCountedAndTheOthersStillHearOfTheLeak() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.PARANOID));
            pool.addLeakListener(leak -> {
                throw new IllegalStateException("listener bug");
            });
            pool.addLeakListener(leaks::add);
            acquireAndDrop(pool, 100);

            awaitReports(leaks, 1);
            assertThat(pool.snapshot().listenerFailures()).as("the throwing listener ran first").isEqualTo(1);
            assertThat(leaks).hasSize(1);
        }

        @Test
        void aRemovedListenerHearsNothing() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            List<BufferLeak> control = new CopyOnWriteArrayList<>();
            Consumer<BufferLeak> listener = leaks::add;
            BufferPool pool = pool(BufferPool.builder().leakDetection(LeakDetection.PARANOID));
            pool.addLeakListener(listener);
            pool.removeLeakListener(listener);
            pool.addLeakListener(control::add);
            acquireAndDrop(pool, 100);

            awaitReports(control, 1);
            assertThat(leaks).isEmpty();
        }

        @Test
        void aBufferReleasedOrRetainedIsNeverReportedWhenCollected() {
            List<BufferLeak> leaks = new CopyOnWriteArrayList<>();
            BufferPool pool = pool(BufferPool.builder().maxPerBucket(1).leakDetection(LeakDetection.PARANOID)
                    .leakListener(leaks::add));
            fill(pool, 3, 100); // one retained, two dropped for the collector
            acquireAndDrop(pool, 100); // the leak that proves the reaper ran

            awaitReports(leaks, 1);
            assertThat(leaks).hasSize(1);
            assertThat(pool.snapshot().leaked()).isEqualTo(1);
            assertThat(pool.snapshot().bucket(1024).dropped()).isEqualTo(2);
        }

        private void acquireAndDrop(BufferPool pool, int size) {
            pool.acquire(size).put(0, (byte) 1);
        }

        /** Collects until the pool has counted {@code leaks} leaks. */
        private void awaitLeaks(BufferPool pool, long leaks) {
            awaitCollected(() -> pool.snapshot().leaked() >= leaks);
        }

        /** Collects until {@code heard} holds {@code leaks} reports: listeners are told after the count. */
        private void awaitReports(List<BufferLeak> heard, int leaks) {
            awaitCollected(() -> heard.size() >= leaks);
        }

        private void awaitCollected(java.util.concurrent.Callable<Boolean> done) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                System.gc();
                return done.call();
            });
        }
    }

    @Nested
    class Concurrency {

        /**
         * Many threads acquire and release hundreds of thousands of times, in several sizes, with half the buffers
         * released by another thread and a thread trimming and changing the pressure level all along. Each holder
         * keeps its buffer for a random while, registered by identity in a holder map from the moment the pool
         * hands it out to just before it is released: a buffer handed out while another holder still holds it is
         * caught at once.
         */
        @Test
        void noBufferIsEverHeldTwiceAndTheCountersBalance() throws Exception {
            BufferPool pool = pool(BufferPool.builder().buckets(64, 256, 1024).maxPerBucket(16).threadCacheSize(4)
                    .leakDetection(LeakDetection.DISABLED));
            int threads = 8;
            int operations = 100_000;
            HolderMap<ByteBuffer> holders = new HolderMap<>();
            BlockingQueue<Holding> handOver = new ArrayBlockingQueue<>(64);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread disturber = new Thread(() -> disturb(pool, running));
            disturber.start();

            runConcurrently(threads, () -> {
                long id = Thread.currentThread().getId();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < operations; i++) {
                    Holding holding = new Holding(pool.acquire(random.nextInt(1, 1025)), (id << 32) | i);
                    holders.handedOut(holding.buffer(), holding.holder());
                    HolderMap.holdForAWhile(64);
                    if ((i & 1) == 0 && handOver.offer(holding)) {
                        holding = handOver.poll(); // often another thread's, still held under its registration
                    }
                    if (holding != null) {
                        holders.givingBack(holding.buffer(), holding.holder());
                        pool.release(holding.buffer());
                    }
                }
                return null;
            });
            running.set(false);
            disturber.join();
            for (Holding left; (left = handOver.poll()) != null;) {
                holders.givingBack(left.buffer(), left.holder());
                pool.release(left.buffer());
            }

            assertThat(holders.conflicts()).as(holders.firstConflict()).isZero();
            assertThat(holders.held()).isZero();
            BufferPoolSnapshot stats = pool.snapshot();
            long acquired = stats.buckets().stream().mapToLong(BufferPoolSnapshot.Bucket::acquired).sum();
            long released = stats.buckets().stream().mapToLong(BufferPoolSnapshot.Bucket::released).sum();
            assertThat(acquired).isEqualTo((long) threads * operations);
            assertThat(released).isEqualTo(acquired);
            assertThat(stats.inUse()).isZero();
            for (BufferPoolSnapshot.Bucket bucket : stats.buckets()) {
                assertThat(bucket.hits() + bucket.misses()).isEqualTo(bucket.acquired());
                assertThat(bucket.retained()).isBetween(0, 16);
                assertThat(bucket.misses()).as("buffers created in bucket %d", bucket.size())
                        .isEqualTo(bucket.retained() + bucket.dropped() + bucket.trimmed());
            }
            pool.trim(1.0);
            assertThat(((DefaultBufferPool) pool).reservedBytes()).isZero();
        }

        /** A buffer and the holding it is registered under, which travels with it to the thread that releases it. */
        private record Holding(ByteBuffer buffer, long holder) {
        }

        private void disturb(BufferPool pool, AtomicBoolean running) {
            MemoryPressureLevel[] cycle = { MemoryPressureLevel.HIGH, MemoryPressureLevel.CRITICAL,
                    MemoryPressureLevel.MODERATE };
            MemoryPressureLevel previous = MemoryPressureLevel.NONE;
            for (int i = 0; running.get(); i++) {
                MemoryPressureLevel next = cycle[i % cycle.length];
                pool.onPressureLevel(previous, next);
                previous = next;
                pool.trim(0.5);
                pool.snapshot();
                Thread.yield();
            }
            pool.onPressureLevel(previous, MemoryPressureLevel.NONE);
        }

        @Test
        void theCacheOfAThreadThatEndedHandsItsBuffersToTheSharedQueueAndItsCountsAreKept() throws Exception {
            BufferPool pool = pool(BufferPool.builder().threadCacheSize(4));
            List<ByteBuffer> created = new CopyOnWriteArrayList<>();
            Thread worker = new Thread(() -> {
                created.addAll(acquire(pool, 3, 100));
                created.forEach(pool::release);
            });
            worker.start();
            worker.join();

            BufferPoolSnapshot stats = pool.snapshot();

            assertThat(stats.threadCaches()).isZero();
            assertThat(stats.bucket(1024).acquired()).isEqualTo(3);
            assertThat(stats.bucket(1024).released()).isEqualTo(3);
            assertThat(stats.bucket(1024).retained()).isEqualTo(3);
            assertThat(((DefaultBufferPool) pool).reservedBytes()).isEqualTo(3 * 1024);
            assertThat(acquire(pool, 3, 100)).containsExactlyInAnyOrderElementsOf(created);
        }

        @Test
        @EnabledForJreRange(min = JRE.JAVA_21)
        void virtualThreadsShareTheQueuesAndGetNoCacheOfTheirOwn() throws Exception {
            BufferPool pool = pool(BufferPool.builder().threadCacheSize(4));
            Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            ExecutorService virtualThreads = (ExecutorService) factory.invoke(null);
            try {
                virtualThreads.submit(() -> fill(pool, 3, 100)).get();
            }
            finally {
                virtualThreads.shutdown();
            }
            BufferPoolSnapshot stats = pool.snapshot();
            assertThat(stats.threadCaches()).isZero();
            assertThat(stats.bucket(1024).retained()).isEqualTo(3);
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static List<ByteBuffer> acquire(BufferPool pool, int count, int size) {
        List<ByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(pool.acquire(size));
        }
        return held;
    }

    /** Acquires {@code count} buffers at once, then releases them all. */
    static void fill(BufferPool pool, int count, int size) {
        acquire(pool, count, size).forEach(pool::release);
    }

    static void runConcurrently(int threads, java.util.concurrent.Callable<Void> task) throws Exception {
        ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(task));
            }
            for (Future<Void> result : results) {
                result.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }
}
