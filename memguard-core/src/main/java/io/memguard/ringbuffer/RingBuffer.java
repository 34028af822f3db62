package io.memguard.ringbuffer;

import java.time.Duration;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * A bounded, thread-safe FIFO buffer whose overflow is a decision, counted and visible, never a silent loss
 * or an {@link OutOfMemoryError}. It takes many producers and many consumers, unless its builder declared
 * one of each side ({@link RingBufferBuilder#singleProducer()}, {@link RingBufferBuilder#singleConsumer()}).
 *
 * <p>When the buffer is full, an offered item meets the buffer's {@link OverflowPolicy}. Every item that
 * does not stay in the buffer goes to its {@link DropHandler} and is counted by {@link DropReason}. Producers
 * can slow down before anything is dropped: {@link #isPressured()} turns {@code true} at the high watermark
 * and back at the low one, and {@link WatermarkListener}s are told of each crossing. Under memory pressure
 * the buffer's capacity shrinks ({@link #adjustTo}); items beyond the shrunken capacity meet the overflow
 * policy.
 *
 * <p>{@link #offer} and {@link #poll} do not allocate and take no lock (but a buffer declared
 * {@link RingBufferBuilder#singleConsumer()} under {@link OverflowPolicy#DROP_OLDEST} serialises its takes with
 * a spin lock held for one take); they only wait (park) under the blocking policies. Create buffers with {@link #builder(String)}; register them with a
 * {@link RingBufferRegistry} to have them follow memory pressure and appear in metrics.
 *
 * @param <T> the type of items
 * @since 0.1.0
 */
public interface RingBuffer<T> {

    /**
     * Starts building a buffer.
     *
     * @param name the buffer's name in metrics and in the registry, such as {@code audit-events}
     * @param <T>  the type of items
     * @return a builder with the defaults: capacity 1024, {@link OverflowPolicy#DROP_OLDEST}
     */
    static <T> RingBufferBuilder<T> builder(String name) {
        return new RingBufferBuilder<>(name);
    }

    /**
     * The buffer's name, unique in a registry.
     *
     * @return the name
     */
    String name();

    /**
     * What an offer does when the buffer is full.
     *
     * @return the overflow policy
     */
    OverflowPolicy policy();

    /**
     * Adds an item, applying the overflow policy when the buffer is full. May wait under
     * {@link OverflowPolicy#BLOCK} and {@link OverflowPolicy#BLOCK_WITH_TIMEOUT}; if interrupted while
     * waiting, the item is dropped with {@link DropReason#INTERRUPTED} and the interrupt status is kept.
     *
     * @param item the item; not {@code null}
     * @return what happened to the item
     * @throws NullPointerException if {@code item} is {@code null}
     */
    OfferOutcome offer(T item);

    /**
     * Removes the oldest item, if any. Does not wait.
     *
     * @return the oldest item, or {@code null} if the buffer is empty
     */
    @Nullable T poll();

    /**
     * Removes the oldest item, waiting up to {@code timeout} for one to arrive.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @return the oldest item, or {@code null} if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    @Nullable T poll(Duration timeout) throws InterruptedException;

    /**
     * Removes the oldest item, waiting for one as long as it takes.
     *
     * @return the oldest item
     * @throws InterruptedException if interrupted while waiting
     */
    T take() throws InterruptedException;

    /**
     * Removes up to {@code maxItems} items, oldest first, into {@code target}. Does not wait.
     *
     * @param target   where the items go
     * @param maxItems the most items to move
     * @return how many items were moved
     * @throws IllegalArgumentException if {@code maxItems} is negative
     */
    int drainTo(Collection<? super T> target, int maxItems);

    /**
     * The number of items in the buffer now; a snapshot that may be stale as soon as it is read.
     *
     * @return the size, between zero and {@link #capacity()} (or slightly above it while a shrink is applied)
     */
    int size();

    /**
     * Returns whether the buffer holds no item now.
     *
     * @return {@code true} when {@link #size()} is zero
     */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The number of items the buffer holds before its overflow policy applies: its configured capacity,
     * grown under {@link OverflowPolicy#RESIZE} and shrunk under memory pressure.
     *
     * @return the effective capacity now
     */
    int capacity();

    /**
     * Returns whether the buffer is above its high watermark (and has not yet fallen to its low watermark):
     * the hint for producers to slow down.
     *
     * @return {@code true} while pressured
     */
    boolean isPressured();

    /**
     * Applies a memory pressure level: at {@link MemoryPressureLevel#HIGH} and
     * {@link MemoryPressureLevel#CRITICAL} the capacity shrinks to its configured fraction (oldest items are
     * dropped at once under {@link OverflowPolicy#DROP_OLDEST}); below HIGH the full capacity is restored.
     *
     * @param level the current memory pressure level
     */
    void adjustTo(MemoryPressureLevel level);

    /**
     * A read-only view of the buffer's counters and gauges.
     *
     * @return the metrics of this buffer
     */
    RingBufferMetrics metrics();
}
