package io.memguard.sample.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventSubscriberTests {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final List<Long> sent = new CopyOnWriteArrayList<>();

    private final AtomicReference<EventSubscriber> closed = new AtomicReference<>();

    private final AtomicInteger connectionsClosed = new AtomicInteger();

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void aSlowSubscriberHoldsAtMostItsCapacityAndGetsTheNewestEvents() throws InterruptedException {
        CountDownLatch slowClient = new CountDownLatch(1);
        CountDownLatch firstSendStarted = new CountDownLatch(1);
        EventSubscriber subscriber = subscriber(8, event -> {
            firstSendStarted.countDown();
            slowClient.await();
            sent.add(event.sequence());
        });
        subscriber.deliver(event(1));
        assertThat(firstSendStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (long sequence = 2; sequence <= 1000; sequence++) {
            subscriber.deliver(event(sequence));
            assertThat(subscriber.buffer().size()).isLessThanOrEqualTo(8);
        }
        assertThat(subscriber.buffer().metrics().dropped(DropReason.DROP_OLDEST)).isEqualTo(1000 - 1 - 8);

        slowClient.countDown();
        await().until(() -> sent.size() == 9);
        assertThat(sent).containsExactly(1L, 993L, 994L, 995L, 996L, 997L, 998L, 999L, 1000L);
    }

    @Test
    void aFastSubscriberGetsEveryEventInOrder() {
        EventSubscriber subscriber = subscriber(4096, event -> sent.add(event.sequence()));
        for (long sequence = 1; sequence <= 2000; sequence++) {
            subscriber.deliver(event(sequence));
        }
        await().until(() -> sent.size() == 2000);
        assertThat(sent).isEqualTo(LongStream.rangeClosed(1, 2000).boxed().toList());
    }

    @Test
    void aBrokenConnectionClosesTheSubscriberAndIsLeftToTheServer() {
        EventSubscriber subscriber = subscriber(8, event -> {
            throw new IOException("Broken pipe");
        });
        subscriber.deliver(event(1));
        await().until(() -> closed.get() == subscriber);
        subscriber.deliver(event(2));
        assertThat(subscriber.buffer().isEmpty()).isTrue();
        subscriber.close();
        assertThat(connectionsClosed).as("the server ends a connection whose send failed").hasValue(0);
    }

    @Test
    void closingTheSubscriberEndsItsConnectionOnce() {
        EventSubscriber subscriber = subscriber(8, event -> sent.add(event.sequence()));
        subscriber.close();
        subscriber.close();
        assertThat(closed.get()).isSameAs(subscriber);
        assertThat(connectionsClosed).hasValue(1);
    }

    private EventSubscriber subscriber(int capacity, Send send) {
        RingBuffer<PressureEvent> buffer = RingBuffer.<PressureEvent>builder("subscriber").capacity(capacity)
                .policy(OverflowPolicy.DROP_OLDEST).build();
        EventSubscriber.Connection connection = new EventSubscriber.Connection() {

            @Override
            public void send(PressureEvent event) throws Exception {
                send.send(event);
            }

            @Override
            public void close() {
                connectionsClosed.incrementAndGet();
            }
        };
        return new EventSubscriber(buffer, connection, executor, closed::set);
    }

    @FunctionalInterface
    private interface Send {

        void send(PressureEvent event) throws Exception;
    }

    private static PressureEvent event(long sequence) {
        return new PressureEvent(sequence, MemoryPressureLevel.NONE, MemoryPressureLevel.HIGH, Instant.EPOCH);
    }
}
