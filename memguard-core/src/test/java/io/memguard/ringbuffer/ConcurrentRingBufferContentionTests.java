package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several producers and consumers move millions of distinct items through one buffer while another thread
 * keeps changing the memory pressure level; afterwards every item must be accounted for exactly once:
 * consumed, dropped (and seen by the drop handler) or still in the buffer.
 */
class ConcurrentRingBufferContentionTests {

    private static final int PRODUCERS = 4;

    private static final int CONSUMERS = 3;

    private static final int ITEMS_PER_PRODUCER = 500_000;

    private static final int ITEMS = PRODUCERS * ITEMS_PER_PRODUCER;

    private static final MemoryPressureLevel[] LEVELS = { MemoryPressureLevel.HIGH, MemoryPressureLevel.NONE,
            MemoryPressureLevel.CRITICAL, MemoryPressureLevel.MODERATE };

    private final AtomicIntegerArray consumed = new AtomicIntegerArray(ITEMS);

    private final AtomicIntegerArray dropped = new AtomicIntegerArray(ITEMS);

    private final AtomicLongArray droppedByReason = new AtomicLongArray(DropReason.values().length);

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private volatile boolean producersDone;

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    @Timeout(120)
    void everyItemIsConsumedDroppedOrLeftExactlyOnce(OverflowPolicy policy) throws Exception {
        RingBuffer<Integer> buffer = RingBuffer.<Integer>builder("contended")
                .capacity((policy == OverflowPolicy.RESIZE) ? 8 : 256)
                .maxCapacity(1024)
                .policy(policy)
                .timeout(Duration.ofMillis(1))
                .dropHandler((item, reason) -> {
                    dropped.incrementAndGet(item);
                    droppedByReason.incrementAndGet(reason.ordinal());
                })
                .build();

        CyclicBarrier start = new CyclicBarrier(PRODUCERS + CONSUMERS + 2);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int first = p * ITEMS_PER_PRODUCER;
            producers.add(thread("producer-" + p, start, () -> {
                for (int i = 0; i < ITEMS_PER_PRODUCER; i++) {
                    buffer.offer(first + i);
                }
            }));
        }
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            int style = c;
            consumers.add(thread("consumer-" + c, start, () -> consume(buffer, style)));
        }
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
        for (int item = 0; item < ITEMS; item++) {
            int seen = consumed.get(item) + dropped.get(item) + remaining.get(item);
            assertThat(seen).as("times item %d was consumed, dropped or left", item).isEqualTo(1);
            consumedCount += consumed.get(item);
            droppedCount += dropped.get(item);
        }
        RingBufferMetrics metrics = buffer.metrics();
        assertThat(metrics.offered()).isEqualTo(ITEMS);
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
        if (policy == OverflowPolicy.RESIZE) {
            assertThat(metrics.resizes()).isPositive();
        }
    }

    /**
     * Consumes until the producers are done, checking that the items of each producer arrive in order. Each
     * consumer uses another way in: poll, drainTo, or poll with a timeout.
     */
    private void consume(RingBuffer<Integer> buffer, int style) throws InterruptedException {
        int[] lastOfProducer = new int[PRODUCERS];
        java.util.Arrays.fill(lastOfProducer, -1);
        List<Integer> batch = new ArrayList<>(32);
        while (!producersDone) {
            batch.clear();
            switch (style) {
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

    @FunctionalInterface
    private interface Work {

        void run() throws Exception;
    }
}
