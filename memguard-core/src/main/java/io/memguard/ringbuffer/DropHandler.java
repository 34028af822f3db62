package io.memguard.ringbuffer;

/**
 * Receives every item a {@link RingBuffer} drops, so that nothing vanishes unseen: to log it, count it
 * per tenant, spill it elsewhere or release a resource it holds.
 *
 * <p>The handler runs on the thread that caused the drop (a producer, or the thread that applied a memory
 * pressure change) and should be quick. A handler that throws is logged and counted; the buffer carries on.
 *
 * @param <T> the type of items
 * @since 0.1.0
 */
@FunctionalInterface
public interface DropHandler<T> {

    /**
     * Called once for every dropped item.
     *
     * @param item   the item that is no longer, or never was, in the buffer
     * @param reason why it was dropped
     */
    void onDrop(T item, DropReason reason);
}
