package io.memguard.sample.events;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.ringbuffer.RingBufferRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fans memory pressure changes out to the subscribers of {@code GET /api/events}, with two kinds of ring
 * buffer between the monitor and the network:
 * <ul>
 * <li>the monitor's listener only offers the change to {@code pressure-events}, a named ring buffer configured
 * in {@code application.yml} and injected here, so the monitor thread never waits on a subscriber;</li>
 * <li>a fan-out thread takes from it and offers to each subscriber's own ring buffer (made in code through the
 * registry, so it shows in {@code /actuator/memory/ring-buffers} and in metrics), which its drain task empties
 * onto the connection.</li>
 * </ul>
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
@ConditionalOnMemguardEnabled
@Component
public class PressureEventBroadcaster implements Consumer<MemoryPressureChange>, SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(PressureEventBroadcaster.class);

    private final RingBuffer<PressureEvent> incoming;

    private final RingBufferRegistry registry;

    private final ObjectProvider<MemoryPressureMonitor> monitor;

    private final int subscriberCapacity;

    private final Set<EventSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final AtomicLong sequence = new AtomicLong();

    private final AtomicLong subscriberIds = new AtomicLong();

    private ExecutorService senders;

    private Thread fanOut;

    private volatile boolean running;

    public PressureEventBroadcaster(@Qualifier("pressure-events") RingBuffer<PressureEvent> incoming,
            RingBufferRegistry registry, ObjectProvider<MemoryPressureMonitor> monitor,
            @Value("${sample.events.subscriber-buffer-capacity:32}") int subscriberCapacity) {
        this.incoming = incoming;
        this.registry = registry;
        this.monitor = monitor;
        this.subscriberCapacity = subscriberCapacity;
    }

    @Override
    public void accept(MemoryPressureChange change) {
        incoming.offer(new PressureEvent(sequence.incrementAndGet(), change.previous(), change.current(),
                change.snapshot().timestamp()));
    }

    /**
     * Adds a subscriber; it first gets the current level, then every change.
     *
     * @param connection the subscriber's connection
     * @return the subscriber, to close when the connection ends
     */
    public EventSubscriber subscribe(EventSubscriber.Connection connection) {
        RingBuffer<PressureEvent> buffer = RingBuffer.<PressureEvent>builder("events-subscriber-" + subscriberIds.incrementAndGet())
                .capacity(subscriberCapacity)
                .policy(OverflowPolicy.DROP_OLDEST)
                // One drain task at a time empties it (EventSubscriber); the first event and the fan-out may offer at once.
                .singleConsumer()
                .build();
        registry.register(buffer);
        EventSubscriber subscriber = new EventSubscriber(buffer, connection, senders, this::unsubscribe);
        subscribers.add(subscriber);
        MemoryPressureMonitor current = monitor.getIfAvailable();
        MemoryPressureLevel level = (current != null) ? current.level() : MemoryPressureLevel.NONE;
        subscriber.deliver(new PressureEvent(0, level, level, Instant.now()));
        return subscriber;
    }

    private void unsubscribe(EventSubscriber subscriber) {
        subscribers.remove(subscriber);
        registry.remove(subscriber.buffer());
    }

    /**
     * The subscribers connected now.
     *
     * @return how many there are
     */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Ends every event stream as soon as the application starts closing, so that the web server's graceful
     * shutdown does not wait for streams that never end by themselves.
     */
    @EventListener(ContextClosedEvent.class)
    public void closeSubscribers() {
        for (EventSubscriber subscriber : subscribers) {
            subscriber.close();
        }
    }

    @Override
    public void start() {
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "events-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        fanOut = new Thread(this::fanOut, "events-fan-out");
        fanOut.setDaemon(true);
        running = true;
        fanOut.start();
        monitor.ifAvailable(pressure -> pressure.addListener(this));
    }

    private void fanOut() {
        while (running) {
            try {
                PressureEvent event = incoming.take();
                for (EventSubscriber subscriber : subscribers) {
                    subscriber.deliver(event);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (RuntimeException ex) {
                logger.warn("Could not fan out a pressure event", ex);
            }
        }
    }

    @Override
    public void stop() {
        monitor.ifAvailable(pressure -> pressure.removeListener(this));
        running = false;
        fanOut.interrupt();
        closeSubscribers();
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server, so that no request arrives before the threads exist, and stops after it. */
    @Override
    public int getPhase() {
        return 0;
    }
}
