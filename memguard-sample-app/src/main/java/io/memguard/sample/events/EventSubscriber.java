package io.memguard.sample.events;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.memguard.ringbuffer.RingBuffer;

/**
 * One subscriber of the event feed: its own bounded ring buffer, drained by a task on a shared executor.
 *
 * <p>Delivering never waits: the event goes into the subscriber's buffer (dropping its oldest event when
 * full) and a drain task is started if none is running. A slow subscriber therefore holds at most its
 * buffer's capacity of events, and holds back neither the feed nor the other subscribers.
 *
 * @since 0.1.0
 */
public final class EventSubscriber implements AutoCloseable {

    /**
     * The subscriber's connection.
     */
    public interface Connection {

        /**
         * Sends an event; may block while the client is slow.
         *
         * @param event the event
         * @throws Exception if the connection is gone
         */
        void send(PressureEvent event) throws Exception;

        /**
         * Ends the connection from the server's side; called once, when the subscriber is closed, unless a send
         * failed first: the connection is gone then, and the server reports that to its own handler (completing a
         * Spring {@code SseEmitter} after a failed send races with the container's error handling, and Tomcat
         * refuses it).
         */
        void close();
    }

    private final RingBuffer<PressureEvent> buffer;

    private final Connection connection;

    private final Executor executor;

    private final Consumer<EventSubscriber> onClose;

    private final AtomicBoolean draining = new AtomicBoolean();

    private final AtomicBoolean closed = new AtomicBoolean();

    EventSubscriber(RingBuffer<PressureEvent> buffer, Connection connection, Executor executor,
            Consumer<EventSubscriber> onClose) {
        this.buffer = buffer;
        this.connection = connection;
        this.executor = executor;
        this.onClose = onClose;
    }

    /** Queues an event for this subscriber; never waits. */
    void deliver(PressureEvent event) {
        if (!closed.get()) {
            buffer.offer(event);
            startDrain();
        }
    }

    private void startDrain() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            PressureEvent event;
            while (!closed.get() && (event = buffer.poll()) != null) {
                connection.send(event);
            }
        }
        catch (Exception ex) {
            closeAfterFailedSend();
            return;
        }
        finally {
            draining.set(false);
        }
        // An event delivered between the last poll and the flag reset found the drain running: pick it up.
        if (!closed.get() && !buffer.isEmpty()) {
            startDrain();
        }
    }

    /**
     * The subscriber's buffer, named {@code events-subscriber-N} in the ring buffer registry.
     *
     * @return the buffer
     */
    public RingBuffer<PressureEvent> buffer() {
        return buffer;
    }

    /** Stops delivering to this subscriber, frees its buffer and ends its connection. */
    @Override
    public void close() {
        if (stop()) {
            connection.close();
        }
    }

    /** Stops delivering to this subscriber and frees its buffer; its connection is already gone. */
    private void closeAfterFailedSend() {
        stop();
    }

    /** Stops delivering and frees the buffer, once: {@code true} for the call that did it. */
    private boolean stop() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        onClose.accept(this);
        return true;
    }
}
