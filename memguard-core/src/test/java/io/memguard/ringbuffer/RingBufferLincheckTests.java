package io.memguard.ringbuffer;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.testing.ModelChecking;

/**
 * Model-checked tests of every ring buffer algorithm: {@link ConcurrentRingBuffer} ({@link Mpmc}),
 * {@link MpscRingBuffer} ({@link Mpsc}) and {@link SpscRingBuffer} ({@link Spsc}). The scenarios of a declared
 * buffer keep to its declaration: Lincheck's {@code nonParallelGroup} puts all the polls and takes of a
 * single consumer, and all the offers of a single producer, on one thread. Lincheck runs small concurrent
 * scenarios of
 * {@code offer}, {@code poll}, {@code take} and {@code size}, explores the thread interleavings of each (a
 * thread switch at every shared-memory access, bounded) and checks that every outcome is linearizable
 * against {@link Model}, a plain {@link ArrayDeque} with the same capacity and policy. Capacities 1, 2, 3 and
 * 8, under every overflow policy. Each buffer starts with {@code capacity - 1} items, so that the short
 * scenarios reach the full buffer and wrap around the array.
 *
 * <h2>What the scenarios cover</h2>
 * <ul>
 * <li>DROP_NEWEST and RESIZE (falling back to DROP_NEWEST, at most twice the capacity): fully, including the
 * producer limit, the high-water mark reads and, under RESIZE, growing into a new segment while consumers
 * drain the old one.</li>
 * <li>BLOCK_WITH_TIMEOUT: the waiting path runs on a fake clock ({@link AbortingParker}): a park lets the
 * whole requested time pass, so an offer to a full buffer is rejected unless room appears while it spins or
 * retries; the model rejects at once, which is the same as far as linearizability can tell.</li>
 * <li>BLOCK and {@code take()}: a wait without a limit would never end in a sequential run, so the parker
 * aborts it with {@link WouldBlock} at the moment the thread would park; the operation answers
 * {@code WOULD_BLOCK}, and the model answers that for an offer to a full buffer or a take from an empty one.
 * This covers everything up to the park: the spins, the registration as a waiter and the re-check.</li>
 * <li>DROP_OLDEST is not linearizable against a model of one atomic offer, and is checked differently, in
 * {@link MpmcDropOldest}. An offer to a full buffer drops the oldest item and then adds its own, in two steps;
 * other threads can act between them: a poll or {@code size()} can find the buffer one item short, another
 * offer can take the freed slot (and answer ACCEPTED) so that this one drops again, and a poll that makes
 * room just before the drop does not save the oldest item. Lincheck shows each of these when given the
 * sequential model (for example {@code offer(6): ACCEPTED} then, in parallel, {@code poll(): null} and
 * {@code offer(5): ACCEPTED_AFTER_DROPPING_OLDEST} at capacity 1). That is the documented behaviour (an offer
 * may drop "the oldest item(s)"), so {@link MpmcDropOldest} model-checks the same operations for what DROP_OLDEST
 * does promise: every item ends up exactly once polled, dropped or still in the buffer, and no size read
 * exceeds the capacity.</li>
 * </ul>
 *
 * <h2>What Lincheck cannot reach, and why the code is still right there</h2>
 * <ul>
 * <li>Waking parked threads: the parker never really parks. {@link WaitingThreads} argues the absence of a
 * lost wake-up (a Dekker-style pair: the waiter writes the count, then re-reads the positions; the other side
 * moves a position with a CAS, then reads the count; sequential consistency of volatile accesses means at
 * least one sees the other's write), and the contention tests run it for real with {@code take()} and
 * BLOCK.</li>
 * <li>Weak memory: Lincheck explores interleavings under sequential consistency. Every cross-thread hand-off
 * in the buffer goes through a volatile or release/acquire access: a slot's item is a plain write published
 * by the release store of its sequence and read after an acquire load of it (the jcstress "message passing"
 * shape, which release/acquire forbids from showing a stale item; in the single-consumer buffers the item itself
 * is stored with release and read with acquire); positions and limits are volatile or release/acquire. The
 * producer limit is read with acquire and may be stale, which is safe because it is derived from a consumer
 * position that only grows. The one place where a stale pair of reads mattered, {@code size()}, now uses a
 * consumer position read on both sides of the producer position.</li>
 * <li>Memory pressure ({@code adjustTo}), watermark listeners and long runs: covered by
 * {@code RingBufferContentionTests} and the unit tests, with exact invariants.</li>
 * </ul>
 */
public class RingBufferLincheckTests {

    /** The answer of an operation that would have waited for ever. */
    static final String WOULD_BLOCK = "WOULD_BLOCK";

    /** The non-parallel group of the offers to a single producer. */
    private static final String PRODUCERS = "producers";

    /** The non-parallel group of the polls and takes of a single consumer. */
    private static final String CONSUMERS = "consumers";

    private static final int[] CAPACITIES = { 1, 2, 3, 8 };

    /*
     * Lincheck creates the instances itself, through the public no-argument constructors; the test sets the
     * capacity and policy they use before each check.
     */
    private static volatile int capacity = 1;

    private static volatile OverflowPolicy policy = OverflowPolicy.DROP_NEWEST;

    @ParameterizedTest(name = "{0}, capacity {1}, {2}")
    @MethodSource("configurations")
    @Timeout(300)
    void everyOutcomeIsLinearizable(Arity arity, int capacity, OverflowPolicy policy) {
        RingBufferLincheckTests.capacity = capacity;
        RingBufferLincheckTests.policy = policy;
        Class<?> scenario = switch (arity) {
            case MPMC -> Mpmc.class;
            case MPSC -> Mpsc.class;
            case SPSC -> Spsc.class;
        };
        options().sequentialSpecification(Model.class).check(scenario);
    }

    /**
     * A buffer of the current capacity and policy under {@code arity}, holding {@code capacity - 1} items, so
     * that the short scenarios reach the full buffer and wrap around the array.
     */
    private static RingBuffer<Integer> newBuffer(Arity arity) {
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("lincheck")).capacity(capacity)
                .maxCapacity(2 * capacity).policy(policy).fallbackPolicy(OverflowPolicy.DROP_NEWEST)
                .parker(new AbortingParker()).build();
        for (int i = 1; i < capacity; i++) {
            buffer.offer(-i);
        }
        return buffer;
    }

    private static String offer(RingBuffer<Integer> buffer, int item) {
        try {
            return buffer.offer(item).name();
        }
        catch (WouldBlock ex) {
            return WOULD_BLOCK;
        }
    }

    private static Object take(RingBuffer<Integer> buffer) throws InterruptedException {
        try {
            return buffer.take();
        }
        catch (WouldBlock ex) {
            return WOULD_BLOCK;
        }
    }

    static Stream<Arguments> configurations() {
        return Stream.of(Arity.values()).flatMap(arity -> IntStream.of(CAPACITIES).boxed()
                .flatMap(capacity -> Stream.of(OverflowPolicy.values())
                        .filter(policy -> policy != OverflowPolicy.DROP_OLDEST)
                        .map(policy -> Arguments.of(arity, capacity, policy))));
    }

    @ParameterizedTest(name = "{0}, capacity {1}, DROP_OLDEST")
    @MethodSource("dropOldestCapacities")
    @Timeout(300)
    void underDropOldestEveryItemIsPolledDroppedOrLeftExactlyOnce(Arity arity, int capacity) {
        RingBufferLincheckTests.capacity = capacity;
        Class<?> scenario = switch (arity) {
            case MPMC -> MpmcDropOldest.class;
            case MPSC -> MpscDropOldest.class;
            case SPSC -> SpscDropOldest.class;
        };
        options().verifier(EpsilonVerifier.class).check(scenario);
    }

    static Stream<Arguments> dropOldestCapacities() {
        return Stream.of(Arity.values())
                .flatMap(arity -> IntStream.of(CAPACITIES).mapToObj(capacity -> Arguments.of(arity, capacity)));
    }

    /** The operations on an undeclared buffer: any of them on any thread. */
    public static class Mpmc {

        private final RingBuffer<Integer> buffer = newBuffer(Arity.MPMC);

        @Operation
        public String offer(@Param(gen = IntGen.class, conf = "1:9") int item) {
            return RingBufferLincheckTests.offer(buffer, item);
        }

        @Operation
        public Integer poll() {
            return buffer.poll();
        }

        @Operation
        public Object take() throws InterruptedException {
            return RingBufferLincheckTests.take(buffer);
        }

        @Operation
        public int size() {
            return buffer.size();
        }
    }

    /** The operations on a buffer declared {@code singleConsumer()}: polls and takes on one thread. */
    public static class Mpsc {

        private final RingBuffer<Integer> buffer = newBuffer(Arity.MPSC);

        @Operation
        public String offer(@Param(gen = IntGen.class, conf = "1:9") int item) {
            return RingBufferLincheckTests.offer(buffer, item);
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Integer poll() {
            return buffer.poll();
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Object take() throws InterruptedException {
            return RingBufferLincheckTests.take(buffer);
        }

        @Operation
        public int size() {
            return buffer.size();
        }
    }

    /** The operations on a buffer declared {@code singleProducer().singleConsumer()}. */
    public static class Spsc {

        private final RingBuffer<Integer> buffer = newBuffer(Arity.SPSC);

        @Operation(nonParallelGroup = PRODUCERS)
        public String offer(@Param(gen = IntGen.class, conf = "1:9") int item) {
            return RingBufferLincheckTests.offer(buffer, item);
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Integer poll() {
            return buffer.poll();
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Object take() throws InterruptedException {
            return RingBufferLincheckTests.take(buffer);
        }

        @Operation
        public int size() {
            return buffer.size();
        }
    }

    /**
     * Four scenarios of two threads of three operations, with two operations before and after, and 100
     * explored interleavings each: the twenty configurations of an arity together stay within a few minutes
     * even on a loaded machine. The
     * interleavings are explored with the fewest thread switches first, and the defects found so far needed
     * two. The loop bound is above the buffer's spins before parking (64), which Lincheck would otherwise
     * report as a livelock.
     */
    private static ModelCheckingOptions options() {
        return ModelChecking.options()
                .iterations(4)
                .invocationsPerIteration(100)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .loopBound(100);
    }

    /** The sequential specification: a deque, its capacity and the policy applied when it is full. */
    public static class Model {

        private final ArrayDeque<Integer> items = new ArrayDeque<>();

        private final OverflowPolicy policy = RingBufferLincheckTests.policy;

        private final int maxCapacity = 2 * RingBufferLincheckTests.capacity;

        private int capacity = RingBufferLincheckTests.capacity;

        public Model() {
            for (int i = 1; i < capacity; i++) {
                items.add(-i);
            }
        }

        public String offer(int item) {
            if (items.size() < capacity) {
                items.add(item);
                return RingBuffer.OfferOutcome.ACCEPTED.name();
            }
            switch (policy) {
                case DROP_OLDEST:
                    items.poll();
                    items.add(item);
                    return RingBuffer.OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST.name();
                case BLOCK:
                    return WOULD_BLOCK;
                case RESIZE:
                    if (capacity < maxCapacity) {
                        capacity = Math.min(maxCapacity, 2 * capacity);
                        items.add(item);
                        return RingBuffer.OfferOutcome.ACCEPTED.name();
                    }
                    return RingBuffer.OfferOutcome.REJECTED.name();
                default:
                    return RingBuffer.OfferOutcome.REJECTED.name();
            }
        }

        public Integer poll() {
            return items.poll();
        }

        public Object take() {
            return items.isEmpty() ? WOULD_BLOCK : items.poll();
        }

        public int size() {
            return items.size();
        }
    }

    /**
     * DROP_OLDEST under Lincheck, without a sequential model (see the class comment): each offer adds a new
     * number, and after each run every number must be exactly once polled, dropped or still in the buffer;
     * every size read is checked against the capacity. Here for an undeclared buffer.
     */
    public static class MpmcDropOldest {

        private final DropOldestAccounting accounting = new DropOldestAccounting(Arity.MPMC);

        @Operation
        public String offer() {
            return accounting.offer();
        }

        @Operation
        public Integer poll() {
            return accounting.poll();
        }

        @Operation
        public int size() {
            return accounting.size();
        }

        @Validate
        public void everyItemIsAccountedForOnce() {
            accounting.everyItemIsAccountedForOnce();
        }
    }

    /** {@link MpmcDropOldest} for a buffer declared {@code singleConsumer()}. */
    public static class MpscDropOldest {

        private final DropOldestAccounting accounting = new DropOldestAccounting(Arity.MPSC);

        @Operation
        public String offer() {
            return accounting.offer();
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Integer poll() {
            return accounting.poll();
        }

        @Operation
        public int size() {
            return accounting.size();
        }

        @Validate
        public void everyItemIsAccountedForOnce() {
            accounting.everyItemIsAccountedForOnce();
        }
    }

    /** {@link MpmcDropOldest} for a buffer declared {@code singleProducer().singleConsumer()}. */
    public static class SpscDropOldest {

        private final DropOldestAccounting accounting = new DropOldestAccounting(Arity.SPSC);

        @Operation(nonParallelGroup = PRODUCERS)
        public String offer() {
            return accounting.offer();
        }

        @Operation(nonParallelGroup = CONSUMERS)
        public Integer poll() {
            return accounting.poll();
        }

        @Operation
        public int size() {
            return accounting.size();
        }

        @Validate
        public void everyItemIsAccountedForOnce() {
            accounting.everyItemIsAccountedForOnce();
        }
    }

    /** A DROP_OLDEST buffer of the current capacity and what became of each item offered to it. */
    static final class DropOldestAccounting {

        private static final int MOST_ITEMS = 64;

        private final int capacity = RingBufferLincheckTests.capacity;

        /** Times each item was polled, dropped or found left in the buffer. */
        private final AtomicIntegerArray seen = new AtomicIntegerArray(MOST_ITEMS);

        private final AtomicInteger offered = new AtomicInteger();

        private final AtomicInteger largestSize = new AtomicInteger();

        private final RingBuffer<Integer> buffer;

        DropOldestAccounting(Arity arity) {
            this.buffer = arity.declare(RingBuffer.<Integer>builder("lincheck")).capacity(capacity)
                    .policy(OverflowPolicy.DROP_OLDEST).dropHandler((item, reason) -> seen.incrementAndGet(item))
                    .parker(new AbortingParker()).build();
            for (int i = 1; i < capacity; i++) {
                offer();
            }
        }

        String offer() {
            return buffer.offer(offered.getAndIncrement()).name();
        }

        Integer poll() {
            Integer item = buffer.poll();
            if (item != null) {
                seen.incrementAndGet(item);
            }
            return item;
        }

        int size() {
            int size = buffer.size();
            largestSize.accumulateAndGet(size, Math::max);
            return size;
        }

        void everyItemIsAccountedForOnce() {
            if (largestSize.get() > capacity) {
                throw new IllegalStateException("size() read " + largestSize.get() + " at capacity " + capacity);
            }
            if (buffer.size() > capacity) {
                throw new IllegalStateException("holds " + buffer.size() + " items at capacity " + capacity);
            }
            for (Integer left; (left = buffer.poll()) != null;) {
                seen.incrementAndGet(left);
            }
            for (int item = 0; item < offered.get(); item++) {
                if (seen.get(item) != 1) {
                    throw new IllegalStateException("item " + item + " polled, dropped or left " + seen.get(item)
                            + " times");
                }
            }
        }
    }

    /** Thrown by {@link AbortingParker} instead of waiting without a limit. */
    static final class WouldBlock extends RuntimeException {

        WouldBlock() {
            super("would wait for ever", null, false, false);
        }
    }

    /**
     * A parker on a fake clock: a timed park lets the requested time pass at once; an untimed one, which in a
     * sequential run would never return, throws {@link WouldBlock}.
     */
    static final class AbortingParker implements Parker {

        private final AtomicLong now = new AtomicLong();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            if (nanos == Long.MAX_VALUE) {
                throw new WouldBlock();
            }
            now.addAndGet(nanos);
        }

        @Override
        public void unpark(Thread thread) {
        }
    }
}
