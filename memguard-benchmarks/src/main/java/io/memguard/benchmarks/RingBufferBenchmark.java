package io.memguard.benchmarks;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * Offer-and-poll throughput of the memguard ring buffer against the queues a user would pick instead:
 * {@link ArrayBlockingQueue} (the JDK's bounded queue) and JCTools' {@link SpscArrayQueue} (one producer),
 * {@link MpscArrayQueue} (many producers) and {@link MpmcArrayQueue}, which are specialised for their producer
 * count and make no promise about drops, watermarks or pressure. memguard is measured as a user declares it:
 * {@code singleProducer().singleConsumer()} against {@code SpscArrayQueue} at one producer and one consumer,
 * {@code singleConsumer()} against {@code MpscArrayQueue} at two producers and one consumer, and undeclared
 * (many producers, many consumers) against {@code MpmcArrayQueue}.
 *
 * <p>Each group runs its producers and its consumer on their own threads. Every invocation moves one item:
 * a producer retries its offer until the item is in, a consumer retries its poll until it gets an item,
 * yielding between attempts (the same for every queue). The score of a group is producer and consumer
 * operations together, so items transferred per microsecond is half of it. The {@code *SameThread}
 * benchmarks offer and poll on one thread: the cost of the operations themselves, without the scheduling
 * and cache-line transfers that dominate the groups (and, on a shared machine, their noise). The memguard
 * buffers use {@link OverflowPolicy#DROP_NEWEST}, the policy whose offer fails on a full buffer like
 * {@code Queue.offer} does; their default watermarks and their counters stay on.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class RingBufferBenchmark {

    private static final Integer ITEM = 42;

    @Param("1024")
    int capacity;

    /** Declared with neither side single: the default, many producers and many consumers. */
    RingBuffer<Integer> memguard;

    /** Declared {@code singleProducer().singleConsumer()}. */
    RingBuffer<Integer> memguardSpsc;

    /** Declared {@code singleConsumer()}. */
    RingBuffer<Integer> memguardMpsc;

    Queue<Integer> arrayBlockingQueue;

    Queue<Integer> jctoolsSingleProducer;

    Queue<Integer> jctoolsMultiProducer;

    Queue<Integer> jctoolsMpmc;

    @Setup(Level.Trial)
    public void createQueues() {
        memguard = RingBuffer.<Integer>builder("benchmark").capacity(capacity).policy(OverflowPolicy.DROP_NEWEST).build();
        memguardSpsc = RingBuffer.<Integer>builder("benchmark-spsc").capacity(capacity)
                .policy(OverflowPolicy.DROP_NEWEST).singleProducer().singleConsumer().build();
        memguardMpsc = RingBuffer.<Integer>builder("benchmark-mpsc").capacity(capacity)
                .policy(OverflowPolicy.DROP_NEWEST).singleConsumer().build();
        arrayBlockingQueue = new ArrayBlockingQueue<>(capacity);
        jctoolsSingleProducer = new SpscArrayQueue<>(capacity);
        jctoolsMultiProducer = new MpscArrayQueue<>(capacity);
        jctoolsMpmc = new MpmcArrayQueue<>(capacity);
    }

    @TearDown(Level.Iteration)
    public void emptyQueues() {
        for (RingBuffer<Integer> buffer : List.of(memguard, memguardSpsc, memguardMpsc)) {
            while (buffer.poll() != null) {
                // drain what producers left behind, so that every iteration starts alike
            }
        }
        arrayBlockingQueue.clear();
        jctoolsSingleProducer.clear();
        jctoolsMultiProducer.clear();
        jctoolsMpmc.clear();
    }

    // ---- memguard, declared: single producer and consumer at 1P1C, single consumer at 2P1C ----

    @Benchmark
    @Group("memguardSpsc1P1C")
    @GroupThreads(1)
    public void memguardSpsc1P1COffer(Control control) {
        offer(memguardSpsc, control);
    }

    @Benchmark
    @Group("memguardSpsc1P1C")
    @GroupThreads(1)
    public Integer memguardSpsc1P1CPoll(Control control) {
        return poll(memguardSpsc, control);
    }

    @Benchmark
    @Group("memguardMpsc2P1C")
    @GroupThreads(2)
    public void memguardMpsc2P1COffer(Control control) {
        offer(memguardMpsc, control);
    }

    @Benchmark
    @Group("memguardMpsc2P1C")
    @GroupThreads(1)
    public Integer memguardMpsc2P1CPoll(Control control) {
        return poll(memguardMpsc, control);
    }

    // ---- memguard, undeclared: many producers, many consumers ----

    @Benchmark
    @Group("memguard1P1C")
    @GroupThreads(1)
    public void memguard1P1COffer(Control control) {
        offer(memguard, control);
    }

    @Benchmark
    @Group("memguard1P1C")
    @GroupThreads(1)
    public Integer memguard1P1CPoll(Control control) {
        return poll(memguard, control);
    }

    @Benchmark
    @Group("memguard2P1C")
    @GroupThreads(2)
    public void memguard2P1COffer(Control control) {
        offer(memguard, control);
    }

    @Benchmark
    @Group("memguard2P1C")
    @GroupThreads(1)
    public Integer memguard2P1CPoll(Control control) {
        return poll(memguard, control);
    }

    // ---- java.util.concurrent.ArrayBlockingQueue ----

    @Benchmark
    @Group("arrayBlockingQueue1P1C")
    @GroupThreads(1)
    public void arrayBlockingQueue1P1COffer(Control control) {
        offer(arrayBlockingQueue, control);
    }

    @Benchmark
    @Group("arrayBlockingQueue1P1C")
    @GroupThreads(1)
    public Integer arrayBlockingQueue1P1CPoll(Control control) {
        return poll(arrayBlockingQueue, control);
    }

    @Benchmark
    @Group("arrayBlockingQueue2P1C")
    @GroupThreads(2)
    public void arrayBlockingQueue2P1COffer(Control control) {
        offer(arrayBlockingQueue, control);
    }

    @Benchmark
    @Group("arrayBlockingQueue2P1C")
    @GroupThreads(1)
    public Integer arrayBlockingQueue2P1CPoll(Control control) {
        return poll(arrayBlockingQueue, control);
    }

    // ---- JCTools: SpscArrayQueue for one producer, MpscArrayQueue for two ----

    @Benchmark
    @Group("jctools1P1C")
    @GroupThreads(1)
    public void jctools1P1COffer(Control control) {
        offer(jctoolsSingleProducer, control);
    }

    @Benchmark
    @Group("jctools1P1C")
    @GroupThreads(1)
    public Integer jctools1P1CPoll(Control control) {
        return poll(jctoolsSingleProducer, control);
    }

    @Benchmark
    @Group("jctools2P1C")
    @GroupThreads(2)
    public void jctools2P1COffer(Control control) {
        offer(jctoolsMultiProducer, control);
    }

    @Benchmark
    @Group("jctools2P1C")
    @GroupThreads(1)
    public Integer jctools2P1CPoll(Control control) {
        return poll(jctoolsMultiProducer, control);
    }

    // ---- JCTools MpmcArrayQueue: the same contract as memguard (many producers, many consumers) ----

    @Benchmark
    @Group("jctoolsMpmc1P1C")
    @GroupThreads(1)
    public void jctoolsMpmc1P1COffer(Control control) {
        offer(jctoolsMpmc, control);
    }

    @Benchmark
    @Group("jctoolsMpmc1P1C")
    @GroupThreads(1)
    public Integer jctoolsMpmc1P1CPoll(Control control) {
        return poll(jctoolsMpmc, control);
    }

    @Benchmark
    @Group("jctoolsMpmc2P1C")
    @GroupThreads(2)
    public void jctoolsMpmc2P1COffer(Control control) {
        offer(jctoolsMpmc, control);
    }

    @Benchmark
    @Group("jctoolsMpmc2P1C")
    @GroupThreads(1)
    public Integer jctoolsMpmc2P1CPoll(Control control) {
        return poll(jctoolsMpmc, control);
    }

    // ---- the cost of one offer and one poll on an uncontended queue, no other thread involved ----

    @Benchmark
    @Group("memguardSameThread")
    @GroupThreads(1)
    public Integer memguardSameThread() {
        memguard.offer(ITEM);
        return memguard.poll();
    }

    @Benchmark
    @Group("memguardSpscSameThread")
    @GroupThreads(1)
    public Integer memguardSpscSameThread() {
        memguardSpsc.offer(ITEM);
        return memguardSpsc.poll();
    }

    @Benchmark
    @Group("arrayBlockingQueueSameThread")
    @GroupThreads(1)
    public Integer arrayBlockingQueueSameThread() {
        arrayBlockingQueue.offer(ITEM);
        return arrayBlockingQueue.poll();
    }

    @Benchmark
    @Group("jctoolsSameThread")
    @GroupThreads(1)
    public Integer jctoolsSameThread() {
        jctoolsSingleProducer.offer(ITEM);
        return jctoolsSingleProducer.poll();
    }

    @Benchmark
    @Group("jctoolsMpmcSameThread")
    @GroupThreads(1)
    public Integer jctoolsMpmcSameThread() {
        jctoolsMpmc.offer(ITEM);
        return jctoolsMpmc.poll();
    }

    // ---- one item per invocation, the same retry loop for every queue ----

    private static void offer(RingBuffer<Integer> buffer, Control control) {
        while (buffer.offer(ITEM) == RingBuffer.OfferOutcome.REJECTED && !control.stopMeasurement) {
            Thread.yield();
        }
    }

    private static Integer poll(RingBuffer<Integer> buffer, Control control) {
        Integer item;
        while ((item = buffer.poll()) == null && !control.stopMeasurement) {
            Thread.yield();
        }
        return item;
    }

    private static void offer(Queue<Integer> queue, Control control) {
        while (!queue.offer(ITEM) && !control.stopMeasurement) {
            Thread.yield();
        }
    }

    private static Integer poll(Queue<Integer> queue, Control control) {
        Integer item;
        while ((item = queue.poll()) == null && !control.stopMeasurement) {
            Thread.yield();
        }
        return item;
    }
}
