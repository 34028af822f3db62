package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.memguard.quota.QuotaController.OverLimitAction;

/**
 * Real contention on the lock-free accounting: many threads, millions of operations, and invariants checked
 * at every observation (admitted bytes at most the critical threshold, no over-release accepted), at quiescent
 * checkpoints and at the end (counters balance to zero, accepted allocations and releases agree).
 */
class QuotaAccountingStressTests {

    private static final int THREADS = 4;
    private static final String[] COMPONENTS = { "frames", "gop", "packets", "metadata" };

    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Arrives and waits for the other parties, failing instead of hanging if one of them died. */
    private static void await(Phaser phaser) throws InterruptedException, TimeoutException {
        phaser.awaitAdvanceInterruptibly(phaser.arrive(), 30, TimeUnit.SECONDS);
    }

    @Test
    void millionsOfAllocationsAndReleasesBalanceAndGlobalEqualsTheSumOfStreamsAtEveryCheckpoint() throws Exception {
        int streams = 8;
        int checkpoints = 40;
        int operationsPerCheckpoint = 30_000;
        // Limits small enough that stream and global rejections happen all the time under contention.
        QuotaController quotas = QuotaController.builder()
                .globalLimit(256 * 1024)
                .defaultStreamLimit(16 * 1024)
                .components(COMPONENTS)
                .overLimitAction(OverLimitAction.REJECT)
                .backgroundExecutor(Runnable::run)
                .build();
        List<QuotaStream> all = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            all.add(quotas.stream("stream-" + i));
        }
        Phaser checkpoint = new Phaser(THREADS + 1);
        AtomicLong[] heldByThread = new AtomicLong[THREADS];
        LongAdder operations = new LongAdder();
        LongAdder rejections = new LongAdder();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            AtomicLong held = heldByThread[t] = new AtomicLong();
            long seed = t;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                Deque<long[]> outstanding = new ArrayDeque<>();
                for (int c = 0; c < checkpoints; c++) {
                    for (int op = 0; op < operationsPerCheckpoint; op++) {
                        if (!outstanding.isEmpty() && (outstanding.size() > 40 || random.nextBoolean())) {
                            long[] allocation = random.nextBoolean() ? outstanding.pollFirst() : outstanding.pollLast();
                            all.get((int) allocation[0]).release(COMPONENTS[(int) allocation[1]], allocation[2]);
                            held.addAndGet(-allocation[2]);
                        }
                        else {
                            int stream = random.nextInt(streams);
                            int component = random.nextInt(COMPONENTS.length);
                            long bytes = 1 + random.nextInt(4096);
                            try {
                                if (random.nextInt(8) == 0) {
                                    try (QuotaStream.Reservation reservation = all.get(stream).reserve(COMPONENTS[component], bytes)) {
                                        assertThat(reservation.bytes()).isEqualTo(bytes);
                                    }
                                }
                                else {
                                    all.get(stream).allocate(COMPONENTS[component], bytes);
                                    outstanding.addLast(new long[] { stream, component, bytes });
                                    held.addAndGet(bytes);
                                }
                            }
                            catch (QuotaExceededException ex) {
                                rejections.increment();
                            }
                        }
                        operations.increment();
                    }
                    await(checkpoint); // paused: the main thread checks
                    await(checkpoint); // resumed
                }
                while (!outstanding.isEmpty()) {
                    long[] allocation = outstanding.poll();
                    all.get((int) allocation[0]).release(COMPONENTS[(int) allocation[1]], allocation[2]);
                    held.addAndGet(-allocation[2]);
                }
                return null;
            }));
        }
        for (int c = 0; c < checkpoints; c++) {
            await(checkpoint);
            long sumOfStreams = all.stream().mapToLong(QuotaStream::usedBytes).sum();
            long sumOfComponents = 0;
            for (QuotaStream stream : all) {
                for (String component : COMPONENTS) {
                    sumOfComponents += stream.usedBytes(component);
                }
            }
            long heldByCallers = 0;
            for (AtomicLong held : heldByThread) {
                heldByCallers += held.get();
            }
            assertThat(quotas.usedBytes()).as("checkpoint %d", c).isEqualTo(sumOfStreams)
                    .isEqualTo(sumOfComponents).isEqualTo(heldByCallers)
                    .isLessThanOrEqualTo(quotas.configuration().criticalBytes());
            assertThat(all).allSatisfy(stream -> assertThat(stream.usedBytes()).isLessThanOrEqualTo(16 * 1024));
            await(checkpoint);
        }
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertThat(operations.sum()).isEqualTo((long) THREADS * checkpoints * operationsPerCheckpoint);
        assertThat(rejections.sum()).as("the limits were exercised").isPositive();
        assertThat(quotas.usedBytes()).isZero();
        assertThat(all).allSatisfy(stream -> {
            assertThat(stream.usedBytes()).isZero();
            assertThat(stream.snapshot().components().values()).containsOnly(0L);
        });
        QuotaSnapshot statistics = quotas.snapshot();
        assertThat(statistics.allocatedBytes()).isPositive().isEqualTo(statistics.releasedBytes());
        assertThat(statistics.rejections(QuotaRejection.Limit.STREAM) + statistics.rejections(QuotaRejection.Limit.GLOBAL))
                .isEqualTo(rejections.sum());
    }

    @Test
    void admittedBytesNeverPassTheCriticalThresholdWhileThreadsChurnAtTheGlobalLimit() throws Exception {
        int operationsPerThread = 400_000;
        // The streams together could hold three times the global limit: the global thresholds decide. Sizes
        // under 1 KiB keep rejections cheap (no decimals to format), so that more of them race.
        QuotaController quotas = QuotaController.builder()
                .globalLimit(1_000)
                .defaultStreamLimit(400)
                .overLimitAction(OverLimitAction.REJECT)
                .backgroundExecutor(Runnable::run)
                .build();
        long critical = quotas.configuration().criticalBytes();
        List<QuotaStream> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(quotas.stream("stream-" + i));
        }
        // Added after an allocation returns, taken away before a release starts: never above what is admitted.
        AtomicLong heldByCallers = new AtomicLong();
        AtomicLong worstExcess = new AtomicLong();
        LongAdder admittedBytes = new LongAdder();
        LongAdder admittedCount = new LongAdder();
        LongAdder releasedBytes = new LongAdder();
        LongAdder releasedCount = new LongAdder();
        LongAdder rejections = new LongAdder();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 300 + t;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                Deque<long[]> outstanding = new ArrayDeque<>();
                for (int op = 0; op < operationsPerThread; op++) {
                    if (!outstanding.isEmpty() && (outstanding.size() > 20 || random.nextInt(3) == 0)) {
                        long[] allocation = outstanding.pollFirst();
                        heldByCallers.addAndGet(-allocation[1]);
                        all.get((int) allocation[0]).release("default", allocation[1]);
                        releasedBytes.add(allocation[1]);
                        releasedCount.increment();
                        continue;
                    }
                    int stream = random.nextInt(all.size());
                    long bytes = 1 + random.nextInt(40);
                    try {
                        all.get(stream).allocate("default", bytes);
                    }
                    catch (QuotaExceededException refused) {
                        rejections.increment();
                        continue;
                    }
                    outstanding.addLast(new long[] { stream, bytes });
                    admittedBytes.add(bytes);
                    admittedCount.increment();
                    long held = heldByCallers.addAndGet(bytes);
                    worstExcess.accumulateAndGet(held - critical, Math::max);
                }
                while (!outstanding.isEmpty()) {
                    long[] allocation = outstanding.poll();
                    heldByCallers.addAndGet(-allocation[1]);
                    all.get((int) allocation[0]).release("default", allocation[1]);
                    releasedBytes.add(allocation[1]);
                    releasedCount.increment();
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(120, TimeUnit.SECONDS);
        }

        assertThat(worstExcess.get()).as("admitted bytes above critical (%d) at the worst observation", critical)
                .isLessThanOrEqualTo(0);
        assertThat(rejections.sum()).as("the global thresholds were reached").isPositive();
        assertThat(quotas.snapshot().rejections(QuotaRejection.Limit.GLOBAL)).isPositive();
        assertThat(releasedCount.sum()).isEqualTo(admittedCount.sum());
        assertThat(releasedBytes.sum()).isEqualTo(admittedBytes.sum());
        assertThat(quotas.usedBytes()).isZero();
        assertThat(all).allSatisfy(stream -> assertThat(stream.usedBytes()).isZero());
        QuotaSnapshot statistics = quotas.snapshot();
        assertThat(statistics.allocatedBytes()).isEqualTo(admittedBytes.sum());
        assertThat(statistics.releasedBytes()).isEqualTo(admittedBytes.sum());
    }

    @Test
    void bytesReleasedByOtherThreadsNeverTipAnAllocationOverTheSoftThreshold() throws Exception {
        int operationsPerThread = 200_000;
        // Each thread holds at most 400 bytes, so usage never passes 1,600, far under soft (8,000); the bytes
        // released in all pass it many times over. Allocations read the usage with an earlier released total
        // and refresh it under contention: none may see the soft threshold passed, none may be refused.
        QueueExecutor background = new QueueExecutor();
        RecordingQuotaListener listener = new RecordingQuotaListener();
        QuotaController quotas = QuotaController.builder()
                .globalLimit(10_000)
                .defaultStreamLimit(10_000)
                .backgroundExecutor(background)
                .listener(listener)
                .build();
        List<QuotaStream> all = List.of(quotas.stream("a"), quotas.stream("b"));
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 700 + t;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int op = 0; op < operationsPerThread; op++) {
                    QuotaStream stream = all.get(random.nextInt(all.size()));
                    long bytes = 1 + random.nextInt(400);
                    stream.allocate("default", bytes);
                    stream.release("default", bytes);
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(120, TimeUnit.SECONDS);
        }

        QuotaSnapshot statistics = quotas.snapshot();
        assertThat(statistics.releasedBytes()).as("released in all, many times soft")
                .isGreaterThan(100 * quotas.configuration().softBytes());
        assertThat(background.pending()).as("background evictions scheduled").isZero();
        assertThat(listener.backpressure).isEmpty();
        assertThat(statistics.rejections(QuotaRejection.Limit.GLOBAL)).isZero();
        assertThat(quotas.usedBytes()).isZero();
        assertThat(statistics.allocatedBytes()).isEqualTo(statistics.releasedBytes());
    }

    @ParameterizedTest(name = "{0} component(s), allocations refused by the {1} limit")
    @CsvSource({ "1, STREAM", "2, STREAM", "1, GLOBAL", "2, GLOBAL" })
    void overReleasesAreRefusedAndChangeNothingWhileRefusedAllocationsRaceForTheSameStream(int components,
            QuotaRejection.Limit refusing) throws Exception {
        // Four streams hold all but "room" bytes of the refusing limit, in their first component, for the whole run.
        boolean byStream = refusing == QuotaRejection.Limit.STREAM;
        long pinned = byStream ? 900 : 240;
        long room = byStream ? 100 : 20;
        String[] names = Arrays.copyOf(COMPONENTS, components);
        QuotaController quotas = QuotaController.builder()
                .globalLimit(byStream ? 1L << 40 : 1_000)
                .defaultStreamLimit(1_000)
                .components(names)
                .overLimitAction(OverLimitAction.REJECT)
                .backgroundExecutor(Runnable::run)
                .build();
        List<QuotaStream> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            QuotaStream stream = quotas.stream("pinned-" + i);
            stream.allocate(names[0], pinned);
            all.add(stream);
        }
        assertThat(byStream ? pinned + room : all.size() * pinned + room)
                .as("what is held plus the room is exactly the refusing limit")
                .isEqualTo(byStream ? all.get(0).limitBytes() : quotas.configuration().criticalBytes());
        int operationsPerThread = 100_000;
        LongAdder overReleasesAccepted = new LongAdder();
        LongAdder overReleasesRefused = new LongAdder();
        LongAdder oversizedAdmitted = new LongAdder();
        LongAdder oversizedRefused = new LongAdder();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 400 + t;
            boolean releaser = t % 2 == 0;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int op = 0; op < operationsPerThread; op++) {
                    QuotaStream stream = all.get(random.nextInt(all.size()));
                    // Just over what is held, or just over the room left: both must be refused.
                    long excess = 1 + random.nextInt(100);
                    if (releaser) {
                        try {
                            stream.release(names[0], pinned + excess);
                            overReleasesAccepted.increment();
                        }
                        catch (IllegalArgumentException refused) {
                            overReleasesRefused.increment();
                        }
                    }
                    else {
                        try {
                            stream.allocate(names[random.nextInt(components)], room + excess);
                            oversizedAdmitted.increment();
                        }
                        catch (QuotaExceededException refused) {
                            oversizedRefused.increment();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(120, TimeUnit.SECONDS);
        }

        assertThat(overReleasesAccepted.sum()).as("over-releases accepted").isZero();
        assertThat(oversizedAdmitted.sum()).as("allocations over the limit admitted").isZero();
        assertThat(overReleasesRefused.sum() + oversizedRefused.sum())
                .isEqualTo((long) THREADS * operationsPerThread);
        assertThat(all).allSatisfy(stream -> {
            assertThat(stream.usedBytes()).isEqualTo(pinned);
            assertThat(stream.usedBytes(names[0])).isEqualTo(pinned);
        });
        assertThat(quotas.usedBytes()).isEqualTo(all.size() * pinned);
        for (QuotaStream stream : all) {
            stream.release(names[0], pinned);
        }
        assertThat(quotas.usedBytes()).isZero();
        assertThat(quotas.snapshot().allocatedBytes()).isEqualTo(all.size() * pinned)
                .isEqualTo(quotas.snapshot().releasedBytes());
    }

    @Test
    void streamsClosedWhileThreadsAllocateReclaimEveryByteExactlyOnce() throws Exception {
        QuotaController quotas = QuotaController.builder()
                .globalLimit(1L << 40)
                .defaultStreamLimit(16 * 1024)
                .overLimitAction(OverLimitAction.REJECT)
                .components("a", "b")
                .backgroundExecutor(Runnable::run)
                .build();
        int rounds = 3_000;
        LongAdder closedWithBytes = new LongAdder();
        quotas.addListener(new QuotaListener() {
            @Override
            public void onSuspectedLeak(SuspectedLeak leak) {
                closedWithBytes.add(leak.bytes());
            }
        });
        Phaser round = new Phaser(THREADS + 1);
        AtomicReference<QuotaStream> current = new AtomicReference<>();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 100 + t;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int r = 0; r < rounds; r++) {
                    await(round);
                    QuotaStream stream = current.get();
                    Deque<long[]> outstanding = new ArrayDeque<>();
                    for (int op = 0; op < 200 && !stream.isClosed(); op++) {
                        long bytes = 1 + random.nextInt(1000);
                        String component = random.nextBoolean() ? "a" : "b";
                        try {
                            stream.allocate(component, bytes);
                            outstanding.add(new long[] { component.equals("a") ? 0 : 1, bytes });
                        }
                        catch (QuotaExceededException overLimit) {
                            continue; // backing out races with close(): the path this test is about
                        }
                        catch (IllegalStateException closed) {
                            break;
                        }
                        if (random.nextBoolean() && !outstanding.isEmpty()) {
                            long[] allocation = outstanding.poll();
                            stream.release(allocation[0] == 0 ? "a" : "b", allocation[1]);
                        }
                    }
                    // Releases into a closed stream are no-ops: close() already released everything.
                    for (long[] allocation : outstanding) {
                        stream.release(allocation[0] == 0 ? "a" : "b", allocation[1]);
                    }
                    await(round);
                }
                return null;
            }));
        }
        SplittableRandom delays = new SplittableRandom(7);
        for (int r = 0; r < rounds; r++) {
            QuotaStream stream = quotas.stream("shared-" + r);
            current.set(stream);
            await(round);
            // close at a different moment of the workers' allocations each round
            long spins = delays.nextInt(20_000);
            for (long spin = 0; spin < spins; spin++) {
                Thread.onSpinWait();
            }
            stream.close();
            await(round);
            assertThat(quotas.usedBytes()).as("round %d", r).isZero();
            assertThat(stream.usedBytes()).isZero();
        }
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }
        assertThat(quotas.streams()).isEmpty();
        assertThat(quotas.snapshot().allocatedBytes()).isEqualTo(quotas.snapshot().releasedBytes());
        assertThat(closedWithBytes.sum()).as("some streams were closed with bytes outstanding").isPositive();
    }

    @Test
    void entriesReleasedByOwnersWhileEvictionsRunAreGivenBackExactlyOnce() throws Exception {
        QuotaController quotas = QuotaController.builder()
                .globalLimit(512 * 1024)
                .defaultStreamLimit(16 * 1024)
                .backgroundExecutor(Runnable::run)
                .build();
        LongAdder evictedByCallback = new LongAdder();
        LongAdder releasedByOwner = new LongAdder();
        LongAdder admitted = new LongAdder();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int perThread = 200_000;
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 200 + t;
            running.add(workers.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                Deque<QuotaEntry> mine = new ArrayDeque<>();
                for (int i = 0; i < perThread; i++) {
                    QuotaStream stream = quotas.stream("s" + random.nextInt(32));
                    long size = 1 + random.nextInt(8192);
                    try {
                        mine.add(stream.admit(i, "default", size, random.nextInt(10), (entry, reason) -> {
                            if (entry.isLive()) {
                                failures.add(new AssertionError("callback of a live entry"));
                            }
                            evictedByCallback.add(entry.sizeBytes());
                        }));
                        admitted.add(size);
                    }
                    catch (QuotaExceededException rejected) {
                        // the global quota was at critical: allowed under this load
                    }
                    if (mine.size() > 64 || random.nextInt(3) == 0) {
                        QuotaEntry entry = mine.poll();
                        if (entry != null && entry.release()) {
                            releasedByOwner.add(entry.sizeBytes());
                        }
                    }
                    if (i % 10_000 == 0) {
                        MemoryPressureLevel level = i % 20_000 == 0 ? MemoryPressureLevel.HIGH
                                : MemoryPressureLevel.CRITICAL;
                        quotas.onPressureLevel(MemoryPressureLevel.NONE, level);
                    }
                }
                for (QuotaEntry entry : mine) {
                    if (entry.release()) {
                        releasedByOwner.add(entry.sizeBytes());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }
        assertThat(failures).isEmpty();
        assertThat(evictedByCallback.sum()).as("evictions happened").isPositive();
        assertThat(releasedByOwner.sum() + evictedByCallback.sum()).isEqualTo(admitted.sum());
        assertThat(quotas.usedBytes()).isZero();
        assertThat(quotas.streams()).allSatisfy(stream -> {
            assertThat(stream.usedBytes()).isZero();
            assertThat(stream.snapshot().entries()).isZero();
            assertThat(stream.snapshot().entryBytes()).isZero();
        });
        long evictedTotal = 0;
        for (EvictionReason reason : EvictionReason.values()) {
            evictedTotal += quotas.snapshot().evictedBytes(reason);
        }
        assertThat(evictedTotal).isEqualTo(evictedByCallback.sum());
        QuotaSnapshot statistics = quotas.snapshot();
        assertThat(statistics.evictions(EvictionReason.STREAM_LIMIT)).isPositive();
        assertThat(statistics.evictions(EvictionReason.GLOBAL_SOFT) + statistics.evictions(EvictionReason.GLOBAL_HARD)
                + statistics.evictions(EvictionReason.PRESSURE_HIGH)
                + statistics.evictions(EvictionReason.PRESSURE_CRITICAL)).isPositive();
    }
}
