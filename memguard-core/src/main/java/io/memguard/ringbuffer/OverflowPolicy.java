package io.memguard.ringbuffer;

/**
 * What a {@link RingBuffer} does with an item offered while it is full.
 *
 * <p>Whatever the policy, an item that does not end up in the buffer is never lost silently: it is
 * handed to the buffer's drop handler ({@link RingBuffer.Builder#dropHandler}) and counted by {@link DropReason}.
 *
 * @since 0.1.0
 */
public enum OverflowPolicy {

    /**
     * Make room by dropping the oldest item; the offer always succeeds. The default. Dropping and adding are
     * two steps: between them another thread may find the buffer one item short, or take the freed room, in
     * which case the offer drops the next oldest item too.
     */
    DROP_OLDEST,

    /** Reject the offered item; the items already in the buffer stay. */
    DROP_NEWEST,

    /** Wait until a consumer makes room; an interrupt while waiting rejects the item. */
    BLOCK,

    /** Wait until a consumer makes room or the buffer's timeout elapses, then reject the item. */
    BLOCK_WITH_TIMEOUT,

    /**
     * Grow the buffer, doubling up to its maximum capacity, then apply the buffer's fallback policy. The
     * buffer does not grow while memory pressure has shrunk its capacity.
     */
    RESIZE
}
