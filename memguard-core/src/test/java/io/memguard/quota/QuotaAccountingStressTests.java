package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real contention on the lock-free accounting: many threads, millions of operations, and invariants checked
 * at quiescent checkpoints and at the end.
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
                                    try (QuotaReservation reservation = all.get(stream).reserve(COMPONENTS[component], bytes)) {
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
                    .isLessThanOrEqualTo(quotas.configuration().globalLimitBytes());
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
            assertThat(stream.usage().components().values()).containsOnly(0L);
        });
        QuotaStatistics statistics = quotas.statistics();
        assertThat(statistics.allocatedBytes()).isPositive().isEqualTo(statistics.releasedBytes());
        assertThat(statistics.rejections(QuotaLimit.STREAM) + statistics.rejections(QuotaLimit.GLOBAL))
                .isEqualTo(rejections.sum());
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
        assertThat(quotas.statistics().allocatedBytes()).isEqualTo(quotas.statistics().releasedBytes());
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
                        quotas.onPressureChange(new MemoryPressureChange(MemoryPressureLevel.NONE, level,
                                MemorySnapshot.ofLevel(level, Instant.now())));
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
            assertThat(stream.usage().entries()).isZero();
            assertThat(stream.usage().entryBytes()).isZero();
        });
        long evictedTotal = 0;
        for (EvictionReason reason : EvictionReason.values()) {
            evictedTotal += quotas.statistics().evictedBytes(reason);
        }
        assertThat(evictedTotal).isEqualTo(evictedByCallback.sum());
        QuotaStatistics statistics = quotas.statistics();
        assertThat(statistics.evictions(EvictionReason.STREAM_LIMIT)).isPositive();
        assertThat(statistics.evictions(EvictionReason.GLOBAL_SOFT) + statistics.evictions(EvictionReason.GLOBAL_HARD)
                + statistics.evictions(EvictionReason.PRESSURE_HIGH)
                + statistics.evictions(EvictionReason.PRESSURE_CRITICAL)).isPositive();
    }
}
