package io.memguard.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of accounting bytes under a quota: allocate then release 4 KiB, on one stream and round-robin over
 * 1,000 streams, at 1 and 2 threads.
 *
 * <p>memguard's side ({@code memguard*}) goes through {@link QuotaStream#allocate(String, long)} and
 * {@link QuotaStream#release(String, long)}: stream limit check, global thresholds, per-component accounting.
 * The baseline ({@code atomicLong*}) is the least a hand-written quota could do: one plain {@link AtomicLong}
 * counter per stream, added to and subtracted from, with no global total and no limit at all. The
 * {@code atomicLongWithGlobal*} variants add the one thing memguard must also keep on every operation, a global
 * total in a second {@code AtomicLong}: the floor of the work memguard does, which it is measured against. The
 * {@code longAdderWithGlobal*} variants do the same with two {@link LongAdder}s, which spread contended adds over
 * cells but cannot be read cheaply and exactly, so a quota cannot admit against them; they show what contention on
 * the shared global total costs.
 *
 * <p>Like for like: every side picks its stream's object by the same array index ({@link Cursor}), so no side looks
 * a stream up by its key inside the measured operation; memguard's side passes the component's name, which the
 * controller matches against its one declared component, as a caller does.
 *
 * @since 0.1.0
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class QuotaBenchmark {

    private static final int STREAMS = 1_000;
    private static final long BYTES = 4_096;
    private static final String COMPONENT = "default";

    private QuotaController quotas;
    private QuotaStream oneStream;
    private final QuotaStream[] streams = new QuotaStream[STREAMS];
    private final AtomicLong oneCounter = new AtomicLong();
    private final AtomicLong[] counters = new AtomicLong[STREAMS];
    private final AtomicLong globalCounter = new AtomicLong();
    private final LongAdder oneAdder = new LongAdder();
    private final LongAdder[] adders = new LongAdder[STREAMS];
    private final LongAdder globalAdder = new LongAdder();

    @Setup
    public void setUp() {
        quotas = QuotaController.builder()
                .globalLimit(1L << 40)
                .defaultStreamLimit(1L << 30)
                .backgroundExecutor(Runnable::run)
                .build();
        oneStream = quotas.stream("one");
        for (int i = 0; i < STREAMS; i++) {
            streams[i] = quotas.stream("stream-" + i);
            counters[i] = new AtomicLong();
            adders[i] = new LongAdder();
        }
    }

    @TearDown
    public void tearDown() {
        if (quotas.usedBytes() != 0) {
            throw new IllegalStateException("accounting does not balance: " + quotas.usedBytes() + " bytes left");
        }
        quotas.close();
    }

    /**
     * Each thread walks the streams from its own starting point, so that two threads rarely share one.
     *
     * @since 0.1.0
     */
    @State(Scope.Thread)
    public static class Cursor {

        private static final AtomicLong THREADS = new AtomicLong();

        private int next = (int) (THREADS.getAndIncrement() * (STREAMS / 2) % STREAMS);

        int next() {
            int index = next;
            next = index + 1 == STREAMS ? 0 : index + 1;
            return index;
        }
    }

    @Benchmark
    @Threads(1)
    public void memguardOneStream() {
        allocateAndRelease(oneStream);
    }

    @Benchmark
    @Threads(2)
    public void memguardOneStreamTwoThreads() {
        allocateAndRelease(oneStream);
    }

    @Benchmark
    @Threads(1)
    public void memguardThousandStreams(Cursor cursor) {
        allocateAndRelease(streams[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public void memguardThousandStreamsTwoThreads(Cursor cursor) {
        allocateAndRelease(streams[cursor.next()]);
    }

    @Benchmark
    @Threads(1)
    public void atomicLongOneStream() {
        addAndSubtract(oneCounter);
    }

    @Benchmark
    @Threads(2)
    public void atomicLongOneStreamTwoThreads() {
        addAndSubtract(oneCounter);
    }

    @Benchmark
    @Threads(1)
    public void atomicLongThousandStreams(Cursor cursor) {
        addAndSubtract(counters[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public void atomicLongThousandStreamsTwoThreads(Cursor cursor) {
        addAndSubtract(counters[cursor.next()]);
    }

    @Benchmark
    @Threads(1)
    public void atomicLongWithGlobalOneStream() {
        addAndSubtractWithGlobal(oneCounter);
    }

    @Benchmark
    @Threads(2)
    public void atomicLongWithGlobalOneStreamTwoThreads() {
        addAndSubtractWithGlobal(oneCounter);
    }

    @Benchmark
    @Threads(1)
    public void atomicLongWithGlobalThousandStreams(Cursor cursor) {
        addAndSubtractWithGlobal(counters[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public void atomicLongWithGlobalThousandStreamsTwoThreads(Cursor cursor) {
        addAndSubtractWithGlobal(counters[cursor.next()]);
    }

    @Benchmark
    @Threads(1)
    public void longAdderWithGlobalOneStream() {
        addAndSubtractWithGlobal(oneAdder);
    }

    @Benchmark
    @Threads(2)
    public void longAdderWithGlobalOneStreamTwoThreads() {
        addAndSubtractWithGlobal(oneAdder);
    }

    @Benchmark
    @Threads(1)
    public void longAdderWithGlobalThousandStreams(Cursor cursor) {
        addAndSubtractWithGlobal(adders[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public void longAdderWithGlobalThousandStreamsTwoThreads(Cursor cursor) {
        addAndSubtractWithGlobal(adders[cursor.next()]);
    }

    private static void allocateAndRelease(QuotaStream stream) {
        stream.allocate(COMPONENT, BYTES);
        stream.release(COMPONENT, BYTES);
    }

    private static void addAndSubtract(AtomicLong counter) {
        counter.addAndGet(BYTES);
        counter.addAndGet(-BYTES);
    }

    private void addAndSubtractWithGlobal(AtomicLong counter) {
        counter.addAndGet(BYTES);
        globalCounter.addAndGet(BYTES);
        counter.addAndGet(-BYTES);
        globalCounter.addAndGet(-BYTES);
    }

    private void addAndSubtractWithGlobal(LongAdder adder) {
        adder.add(BYTES);
        globalAdder.add(BYTES);
        adder.add(-BYTES);
        globalAdder.add(-BYTES);
    }
}
