package io.memguard.ringbuffer;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named ring buffers of an application: those made from configuration and those made in code. A
 * registered buffer follows the memory pressure level the registry is told of, and is listed by the
 * metrics and the actuator endpoint.
 *
 * <p>Thread-safe. Listeners learn of buffers added and removed, so that metrics can follow buffers made
 * at run time (one per subscriber, per tenant...).
 *
 * @since 0.1.0
 */
public final class RingBufferRegistry implements PressureAware {

    private static final Logger logger = LoggerFactory.getLogger(RingBufferRegistry.class);

    private final ConcurrentMap<String, RingBuffer<?>> buffers = new ConcurrentHashMap<>();

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    /**
     * Adds a buffer and applies the current pressure level to it.
     *
     * @param buffer the buffer; its name must not be registered yet
     * @param <T>    the type of items
     * @return the buffer, for chaining
     * @throws IllegalArgumentException if a buffer of that name is registered already
     */
    public <T> RingBuffer<T> register(RingBuffer<T> buffer) {
        Objects.requireNonNull(buffer, "buffer");
        RingBuffer<?> existing = buffers.putIfAbsent(buffer.name(), buffer);
        if (existing != null) {
            throw new IllegalArgumentException("A ring buffer named '" + buffer.name()
                    + "' is registered already; give each buffer its own name");
        }
        buffer.adjustTo(level);
        Listeners.notifyEach(listeners, listener -> listener.onAdded(buffer), listenerFailures, logger, this);
        return buffer;
    }

    /**
     * Removes a buffer; its items stay in it, but it no longer follows pressure nor shows in metrics.
     *
     * @param buffer the buffer to remove
     * @return {@code true} if it was registered
     */
    public boolean remove(RingBuffer<?> buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffers.remove(buffer.name(), buffer)) {
            return false;
        }
        Listeners.notifyEach(listeners, listener -> listener.onRemoved(buffer), listenerFailures, logger, this);
        return true;
    }

    /**
     * Finds a buffer by name.
     *
     * @param name the buffer's name
     * @return the buffer, or empty if none has that name
     */
    public Optional<RingBuffer<?>> find(String name) {
        return Optional.ofNullable(buffers.get(name));
    }

    /**
     * Returns the buffer of a name, typed as the caller expects it.
     *
     * @param name the buffer's name
     * @param <T>  the type of items the caller puts in it
     * @return the buffer
     * @throws IllegalArgumentException if no buffer has that name
     */
    @SuppressWarnings("unchecked")
    public <T> RingBuffer<T> get(String name) {
        RingBuffer<?> buffer = buffers.get(name);
        if (buffer == null) {
            throw new IllegalArgumentException("No ring buffer named '" + name + "'; registered: " + names());
        }
        return (RingBuffer<T>) buffer;
    }

    /**
     * The registered buffers, sorted by name.
     *
     * @return a snapshot of the registered buffers
     */
    public List<RingBuffer<?>> buffers() {
        return buffers.values().stream().sorted(Comparator.comparing(RingBuffer::name)).toList();
    }

    private Collection<String> names() {
        return buffers.keySet().stream().sorted().toList();
    }

    /**
     * Adds a listener told of buffers registered and removed from now on; call {@link #buffers()} after it
     * for those registered already.
     *
     * @param listener the listener
     */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * How many times a listener threw since this registry was created (each is logged, and the others still hear).
     *
     * @return the count
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * Applies the effective level to every registered buffer.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        adjustTo(current);
    }

    /**
     * Low-memory mode shrinks the buffers, as HIGH does.
     *
     * @return {@code HIGH}
     */
    @Override
    public MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.HIGH;
    }

    /**
     * Applies a pressure level to every registered buffer, and to buffers registered later.
     *
     * @param level the memory pressure level
     */
    public void adjustTo(MemoryPressureLevel level) {
        this.level = Objects.requireNonNull(level, "level");
        for (RingBuffer<?> buffer : buffers.values()) {
            try {
                buffer.adjustTo(level);
            }
            catch (RuntimeException ex) {
                logger.warn("Ring buffer '{}' failed to adjust to {} memory pressure", buffer.name(), level, ex);
            }
        }
    }


    /**
     * Told when a buffer is registered or removed.
     *
     * @since 0.1.0
     */
    public interface Listener {

        /**
         * A buffer was registered.
         *
         * @param buffer the buffer
         */
        default void onAdded(RingBuffer<?> buffer) {
        }

        /**
         * A buffer was removed.
         *
         * @param buffer the buffer
         */
        default void onRemoved(RingBuffer<?> buffer) {
        }
    }
}
