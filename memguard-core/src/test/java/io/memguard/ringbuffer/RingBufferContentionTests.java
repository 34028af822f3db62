package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.memguard.pressure.MemoryPressureLevel;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * Producers and consumers move millions of distinct items through one buffer while another thread keeps
 * changing the memory pressure level; afterwards every item must be accounted for exactly once: consumed,
 * dropped (and seen by the drop handler) or still in the buffer. Every test runs under each declaration
 * ({@link Arity}), with as many producer and consumer threads as it allows.
 */
class RingBufferContentionTests {

    private static final int PRODUCERS = 4;

    private static final int CONSUMERS = 3;

    private static final int ITEMS_PER_PRODUCER = 500_000;

    private static final int ITEMS = PRODUCERS * ITEMS_PER_PRODUCER;

    private static final MemoryPressureLevel[] LEVELS = { MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE,
            MemoryPressureLevel.CRITICAL, MemoryPressureLevel.MODERATE };

    /** The capacity a RESIZE buffer starts with, small so that it grows when producers get ahead. */
    private static final int RESIZE_START_CAPACITY = 8;

    /** The consumer style that takes turns at poll, drainTo and poll with a timeout. */
    private static final int ANY_WAY_IN = -1;

    private final AtomicIntegerArray consumed = new AtomicIntegerArray(ITEMS);

    private final AtomicIntegerArray dropped = new AtomicIntegerArray(ITEMS);

    private final AtomicLongArray droppedByReason = new AtomicLongArray(DropReason.values().length);

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private volatile boolean producersDone;

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("aritiesAndPolicies")
    @Timeout(120)
    void everyItemIsConsumedDroppedOrLeftExactlyOnce(Arity arity, OverflowPolicy policy) throws Exception {
        int producerCount = arity.producers(PRODUCERS);
        int consumerCount = arity.consumers(CONSUMERS);
        int items = producerCount * ITEMS_PER_PRODUCER;
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("contended"))
                .capacity((policy == OverflowPolicy.RESIZE) ? RESIZE_START_CAPACITY : 256)
                .maxCapacity(1024)
                .policy(policy)
                .timeout(Duration.ofMillis(1))
                .dropHandler((item, reason) -> {
                    dropped.incrementAndGet(item);
                    droppedByReason.incrementAndGet(reason.ordinal());
                })
                .build();

        CyclicBarrier start = new CyclicBarrier(producerCount + consumerCount + 2);
        List<Thread> producers = threads("producer", producerCount, start, p -> {
            for (int i = 0; i < ITEMS_PER_PRODUCER; i++) {
                buffer.offer(p * ITEMS_PER_PRODUCER + i);
            }
        });
        // A single consumer takes turns at the three ways in; several use one each.
        List<Thread> consumers = threads("consumer", consumerCount, start,
                index -> consume(buffer, (consumerCount == 1) ? ANY_WAY_IN : index));
        Thread pressure = thread("pressure", start, () -> {
            for (int i = 0; !producersDone; i++) {
                buffer.adjustTo(LEVELS[(i / 64) % LEVELS.length]);
                Thread.yield();
            }
            buffer.adjustTo(MemoryPressureLevel.NONE);
        });
        start.await();
        for (Thread producer : producers) {
            producer.join();
        }
        producersDone = true;
        pressure.join();
        for (Thread consumer : consumers) {
            consumer.join();
        }
        assertThat(failures).isEmpty();

        AtomicIntegerArray remaining = new AtomicIntegerArray(ITEMS);
        long remainingCount = 0;
        for (Integer item; (item = buffer.poll()) != null; remainingCount++) {
            remaining.incrementAndGet(item);
        }

        long consumedCount = 0;
        long droppedCount = 0;
        for (int item = 0; item < items; item++) {
            int seen = consumed.get(item) + dropped.get(item) + remaining.get(item);
            assertThat(seen).as("times item %d was consumed, dropped or left", item).isEqualTo(1);
            consumedCount += consumed.get(item);
            droppedCount += dropped.get(item);
        }
        RingBufferMetrics metrics = buffer.metrics();
        assertThat(metrics.offered()).isEqualTo(items);
        assertThat(metrics.polled()).isEqualTo(consumedCount + remainingCount);
        assertThat(metrics.dropped()).isEqualTo(droppedCount);
        for (DropReason reason : DropReason.values()) {
            assertThat(metrics.dropped(reason)).as("dropped for %s", reason)
                    .isEqualTo(droppedByReason.get(reason.ordinal()));
        }
        assertThat(metrics.offered()).isEqualTo(metrics.polled() + metrics.dropped() + metrics.size());
        assertThat(metrics.callbackFailures()).isZero();
        if (policy == OverflowPolicy.BLOCK) {
            assertThat(droppedCount).isZero();
        }
        if (policy == OverflowPolicy.RESIZE && metrics.highWaterMark() > RESIZE_START_CAPACITY) {
            // Whether the buffer filled depends on how the threads were scheduled (a single consumer often keeps
            // up with a single producer); holding more than it started with must show as growth.
            assertThat(metrics.resizes()).isPositive();
        }
    }

    static Stream<Arguments> aritiesAndPolicies() {
        return Stream.of(Arity.values())
                .flatMap(arity -> Stream.of(OverflowPolicy.values()).map(policy -> Arguments.of(arity, policy)));
    }

    /**
     * Small capacities, where producers and consumers meet at the same slots all the time (with one slot,
     * every offer waits for the poll before it). Consumers use {@code take()} and stop only when every
     * offered item is accounted for, so a lost item shows as a missing one and a hang as the deadline.
     */
    @ParameterizedTest(name = "{0}, capacity {1}, {2}")
    @MethodSource("smallCapacities")
    @Timeout(120)
    void everyAcceptedItemIsTakenExactlyOnceAtSmallCapacities(Arity arity, int capacity, OverflowPolicy policy)
            throws Exception {
        int producers = arity.producers(2);
        int consumers = arity.consumers(2);
        int itemsPerProducer = 20_000;
        int items = producers * itemsPerProducer;
        AtomicIntegerArray taken = new AtomicIntegerArray(items);
        AtomicIntegerArray droppedItems = new AtomicIntegerArray(items);
        LongAdder accounted = new LongAdder();
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("small"))
                .capacity(capacity)
                .maxCapacity(4 * capacity)
                .policy(policy)
                .fallbackPolicy(OverflowPolicy.BLOCK)
                .timeout(Duration.ofMillis(1))
                .dropHandler((item, reason) -> {
                    droppedItems.incrementAndGet(item);
                    accounted.increment();
                })
                .build();

        CyclicBarrier start = new CyclicBarrier(producers + consumers + 1);
        List<Thread> producerThreads = threads("producer", producers, start, p -> {
            for (int i = 0; i < itemsPerProducer; i++) {
                buffer.offer(p * itemsPerProducer + i);
            }
        });
        List<Thread> consumerThreads = threads("consumer", consumers, start, c -> {
            int[] lastOfProducer = { -1, -1 };
            try {
                for (;;) {
                    int item = buffer.take();
                    int producer = item / itemsPerProducer;
                    assertThat(item).as("order of producer %d", producer).isGreaterThan(lastOfProducer[producer]);
                    lastOfProducer[producer] = item;
                    taken.incrementAndGet(item);
                    accounted.increment();
                }
            }
            catch (InterruptedException stopped) {
                // The test has seen every item accounted for.
            }
        });
        start.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            await("every item taken or dropped").atMost(Duration.ofNanos(deadline - System.nanoTime()))
                    .pollInterval(Duration.ofMillis(1)).until(() -> accounted.sum() >= items);
        }
        catch (ConditionTimeoutException stuck) {
            // Reported below, more precisely: a producer still running, or the count that stopped short.
        }
        long accountedAtDeadline = accounted.sum();
        consumerThreads.forEach(Thread::interrupt);
        joinAll(producerThreads, deadline);
        joinAll(consumerThreads, deadline);
        assertThat(failures).isEmpty();
        assertThat(accountedAtDeadline).as("items taken or dropped before the deadline (a stuck buffer stops short)")
                .isEqualTo(items);
        for (int item = 0; item < items; item++) {
            assertThat(taken.get(item) + droppedItems.get(item)).as("times item %d was taken or dropped", item)
                    .isEqualTo(1);
        }
        RingBufferMetrics metrics = buffer.metrics();
        assertThat(metrics.size()).isZero();
        assertThat(metrics.offered()).isEqualTo(items);
        assertThat(metrics.offered()).isEqualTo(metrics.polled() + metrics.dropped());
        if (policy == OverflowPolicy.BLOCK || policy == OverflowPolicy.RESIZE) {
            assertThat(metrics.dropped()).isZero();
        }
        if (policy != OverflowPolicy.RESIZE) {
            assertThat(metrics.highWaterMark()).isBetween(1, capacity);
        }
    }

    static Stream<Arguments> smallCapacities() {
        return Stream.of(Arity.values()).flatMap(arity -> IntStream.rangeClosed(1, 4).boxed()
                .flatMap(capacity -> Stream.of(OverflowPolicy.values())
                        .map(policy -> Arguments.of(arity, capacity, policy))));
    }

    static Stream<Arguments> aritiesAndCapacities(int... capacities) {
        return Stream.of(Arity.values())
                .flatMap(arity -> IntStream.of(capacities).mapToObj(capacity -> Arguments.of(arity, capacity)));
    }

    static Stream<Arguments> gaugeCapacities() {
        return aritiesAndCapacities(1, 2, 3, 4, 8);
    }

    static Stream<Arguments> watermarkCapacities() {
        return aritiesAndCapacities(1, 2, 3, 4, 16);
    }

    /**
     * {@code size()} and {@code highWaterMark()} never report more items than the buffer held. Producers take
     * a permit before each offer and consumers return it after each poll, so the buffer never holds more
     * than the permits (its capacity) and no offer may be rejected; a monitor thread reads the gauges
     * meanwhile.
     */
    @ParameterizedTest(name = "{0}, capacity {1}")
    @MethodSource("gaugeCapacities")
    @Timeout(120)
    void sizeAndHighWaterMarkNeverExceedTheItemsHeld(Arity arity, int capacity) throws Exception {
        int producers = arity.producers(2);
        int consumers = arity.consumers(2);
        int itemsPerProducer = 50_000;
        Semaphore room = new Semaphore(capacity);
        LongAdder rejected = new LongAdder();
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("gauges")).capacity(capacity)
                .policy(OverflowPolicy.DROP_NEWEST).build();
        CyclicBarrier start = new CyclicBarrier(producers + consumers + 2);
        List<Thread> producerThreads = threads("producer", producers, start, p -> {
            for (int i = 0; i < itemsPerProducer; i++) {
                room.acquire();
                if (!buffer.offer(i).isAccepted()) {
                    rejected.increment();
                    room.release();
                }
            }
        });
        AtomicInteger polled = new AtomicInteger();
        List<Thread> consumerThreads = threads("consumer", consumers, start, c -> {
            while (polled.get() < producers * itemsPerProducer) {
                if (buffer.poll() != null) {
                    polled.incrementAndGet();
                    room.release();
                }
                else {
                    Thread.yield();
                }
            }
        });
        Thread monitor = thread("monitor", start, () -> {
            int lastMark = 0;
            while (polled.get() < producers * itemsPerProducer) {
                int size = buffer.size();
                int mark = buffer.metrics().highWaterMark();
                assertThat(size).as("size()").isBetween(0, capacity);
                assertThat(mark).as("highWaterMark()").isBetween(lastMark, capacity);
                lastMark = mark;
                Thread.onSpinWait();
            }
        });
        start.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        joinAll(producerThreads, deadline);
        joinAll(consumerThreads, deadline);
        joinAll(List.of(monitor), deadline);
        assertThat(failures).isEmpty();
        assertThat(rejected.sum()).as("offers rejected although the permits kept room").isZero();
        assertThat(polled.get()).isEqualTo(producers * itemsPerProducer);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.metrics().highWaterMark()).isBetween(1, capacity);
    }

    static Stream<Arguments> fullBufferCapacities() {
        return aritiesAndCapacities(2, 3, 4, 8, 64);
    }

    /**
     * A producer offering without pause keeps the buffer full, so that most of its offers meet a slot the
     * consumer has just emptied: a monitor reading the gauges meanwhile never sees more items than the
     * capacity (a producer that claimed a slot emptied by a take whose position was not yet visible would
     * show one more), and every accepted item comes out once, in order.
     */
    @ParameterizedTest(name = "{0}, capacity {1}")
    @MethodSource("fullBufferCapacities")
    @Timeout(120)
    void aBufferKeptFullNeverShowsMoreItemsThanItsCapacity(Arity arity, int capacity) throws Exception {
        int producers = arity.producers(2);
        int consumers = arity.consumers(2);
        int itemsPerProducer = 200_000;
        AtomicIntegerArray taken = new AtomicIntegerArray(producers * itemsPerProducer);
        LongAdder accepted = new LongAdder();
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("full")).capacity(capacity)
                .policy(OverflowPolicy.DROP_NEWEST).build();
        CyclicBarrier start = new CyclicBarrier(producers + consumers + 2);
        AtomicInteger producing = new AtomicInteger(producers);
        List<Thread> producerThreads = threads("producer", producers, start, p -> {
            for (int i = 0; i < itemsPerProducer; i++) {
                if (buffer.offer(p * itemsPerProducer + i).isAccepted()) {
                    accepted.increment();
                }
            }
            producing.decrementAndGet();
        });
        List<Thread> consumerThreads = threads("consumer", consumers, start, c -> {
            int[] lastOfProducer = new int[producers];
            java.util.Arrays.fill(lastOfProducer, -1);
            for (;;) {
                boolean producersDone = producing.get() == 0;
                Integer item = buffer.poll();
                if (item == null) {
                    if (producersDone) {
                        return;
                    }
                    Thread.yield();
                    continue;
                }
                int producer = item / itemsPerProducer;
                assertThat(item).as("order of producer %d", producer).isGreaterThan(lastOfProducer[producer]);
                lastOfProducer[producer] = item;
                taken.incrementAndGet(item);
            }
        });
        Thread monitor = thread("monitor", start, () -> {
            while (producing.get() > 0) {
                assertThat(buffer.size()).as("size()").isBetween(0, capacity);
                assertThat(buffer.metrics().highWaterMark()).as("highWaterMark()").isBetween(0, capacity);
            }
        });
        start.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        joinAll(producerThreads, deadline);
        joinAll(consumerThreads, deadline);
        joinAll(List.of(monitor), deadline);
        assertThat(failures).isEmpty();
        long takenCount = 0;
        for (int item = 0; item < taken.length(); item++) {
            assertThat(taken.get(item)).as("times item %d was taken", item).isBetween(0, 1);
            takenCount += taken.get(item);
        }
        RingBufferMetrics metrics = buffer.metrics();
        assertThat(takenCount).isEqualTo(accepted.sum());
        assertThat(metrics.size()).isZero();
        assertThat(metrics.polled()).isEqualTo(takenCount);
        assertThat(metrics.offered()).isEqualTo((long) producers * itemsPerProducer);
        assertThat(metrics.offered()).isEqualTo(metrics.polled() + metrics.dropped());
        if (metrics.dropped() > 0) {
            // A rejected offer found the buffer full.
            assertThat(metrics.highWaterMark()).isEqualTo(capacity);
        }
    }

    /**
     * Two listeners hear every crossing in the order the buffer made it, while producers and consumers race
     * across both watermarks and one listener throws now and then: HIGH and LOW alternate, starting with
     * HIGH, both listeners hear the same sequence, the last crossing heard matches {@code isPressured()}, and
     * the drained buffer is not pressured.
     */
    @ParameterizedTest(name = "{0}, capacity {1}")
    @MethodSource("watermarkCapacities")
    @Timeout(120)
    void watermarkListenersHearEveryCrossingInOrder(Arity arity, int capacity) throws Exception {
        List<String> firstHeard = Collections.synchronizedList(new ArrayList<>());
        List<String> secondHeard = Collections.synchronizedList(new ArrayList<>());
        LongAdder thrown = new LongAdder();
        RingBuffer<Integer> buffer = arity.declare(RingBuffer.<Integer>builder("watermarks")).capacity(capacity)
                .policy(OverflowPolicy.DROP_NEWEST).watermarks(0.75, 0.25)
                .watermarkListener(recording(firstHeard, thrown))
                .watermarkListener(recording(secondHeard, null))
                .build();
        int producers = arity.producers(2);
        int consumers = arity.consumers(2);
        int offersPerProducer = 50_000;
        CyclicBarrier start = new CyclicBarrier(producers + consumers + 1);
        List<Thread> producerThreads = threads("producer", producers, start, p -> {
            for (int i = 0; i < offersPerProducer; i++) {
                buffer.offer(i);
            }
        });
        List<Thread> consumerThreads = threads("consumer", consumers, start, c -> {
            while (!producersDone || !buffer.isEmpty()) {
                if (buffer.poll() == null) {
                    Thread.yield();
                }
            }
        });
        start.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        joinAll(producerThreads, deadline);
        producersDone = true;
        joinAll(consumerThreads, deadline);
        assertThat(failures).isEmpty();

        assertThat(firstHeard).as("crossings heard by the listener that throws").isNotEmpty();
        assertThat(secondHeard).as("crossings heard by the second listener").isEqualTo(firstHeard);
        for (int i = 0; i < secondHeard.size(); i++) {
            assertThat(secondHeard.get(i)).as("crossing %d of %d", i, secondHeard.size())
                    .isEqualTo((i % 2 == 0) ? "HIGH" : "LOW");
        }
        String last = secondHeard.get(secondHeard.size() - 1);
        assertThat(last).as("last crossing heard, against isPressured()")
                .isEqualTo(buffer.isPressured() ? "HIGH" : "LOW");
        // The consumers drained the buffer: the take that brought it down to the low watermark relieved it, however
        // its check raced with the producers' crossings.
        assertThat(buffer.isPressured()).as("pressured once drained").isFalse();
        assertThat(buffer.metrics().callbackFailures()).isEqualTo(thrown.sum());
    }

    /** Records each crossing; if {@code thrown} is given, throws at every 7th and counts it. */
    private static RingBuffer.WatermarkListener recording(List<String> heard, LongAdder thrown) {
        return new RingBuffer.WatermarkListener() {
            @Override
            public void onHighWatermark(RingBuffer<?> buffer, int size) {
                hear("HIGH");
            }

            @Override
            public void onLowWatermark(RingBuffer<?> buffer, int size) {
                hear("LOW");
            }

            private void hear(String crossing) {
                heard.add(crossing);
                // A listener that takes a while widens the window in which another thread crosses back.
                Thread.yield();
                if (thrown != null && heard.size() % 7 == 0) {
                    thrown.increment();
                    throw new IllegalStateException("listener failure " + heard.size());
                }
            }
        };
    }

    private static void joinAll(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            assertThat(thread.isAlive()).as("%s still running at the deadline", thread.getName()).isFalse();
        }
    }

    /**
     * Consumes until the producers are done, checking that the items of each producer arrive in order. Each
     * consumer uses another way in: poll, drainTo, or poll with a timeout; or, given {@link #ANY_WAY_IN},
     * each in turn.
     */
    private void consume(RingBuffer<Integer> buffer, int style) throws InterruptedException {
        int[] lastOfProducer = new int[PRODUCERS];
        java.util.Arrays.fill(lastOfProducer, -1);
        List<Integer> batch = new ArrayList<>(32);
        for (int round = 0; !producersDone; round++) {
            batch.clear();
            switch ((style == ANY_WAY_IN) ? round % 3 : style) {
                case 0 -> add(batch, buffer.poll());
                case 1 -> buffer.drainTo(batch, 32);
                default -> add(batch, buffer.poll(Duration.ofMillis(1)));
            }
            if (batch.isEmpty()) {
                Thread.yield();
            }
            for (int item : batch) {
                int producer = item / ITEMS_PER_PRODUCER;
                assertThat(item).as("order of producer %d", producer).isGreaterThan(lastOfProducer[producer]);
                lastOfProducer[producer] = item;
                consumed.incrementAndGet(item);
            }
        }
    }

    private static void add(List<Integer> batch, Integer item) {
        if (item != null) {
            batch.add(item);
        }
    }

    private Thread thread(String name, CyclicBarrier start, Work work) {
        Thread thread = new Thread(() -> {
            try {
                start.await();
                work.run();
            }
            catch (Throwable ex) {
                failures.add(ex);
            }
        }, name);
        // A daemon, so that a buffer bug that hangs a worker fails the test at its timeout instead of hanging the build.
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Starts {@code count} threads named after their role and index, each running {@code work} with its index. */
    private List<Thread> threads(String role, int count, CyclicBarrier start, IndexedWork work) {
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int self = index;
            threads.add(thread(role + "-" + index, start, () -> work.run(self)));
        }
        return threads;
    }

    @FunctionalInterface
    private interface Work {

        void run() throws Exception;
    }

    @FunctionalInterface
    private interface IndexedWork {

        void run(int index) throws Exception;
    }
}
