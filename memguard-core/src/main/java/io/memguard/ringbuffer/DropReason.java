package io.memguard.ringbuffer;

/**
 * Why a {@link RingBuffer} dropped an item. Each reason is counted separately and exported as the
 * {@code reason} tag of the dropped-items metric.
 *
 * @since 0.1.0
 */
public enum DropReason {

    /** The oldest item was dropped to make room, under {@link OverflowPolicy#DROP_OLDEST}. */
    DROP_OLDEST("drop-oldest"),

    /** The offered item was rejected because the buffer was full, under {@link OverflowPolicy#DROP_NEWEST}. */
    DROP_NEWEST("drop-newest"),

    /** The offered item waited for room longer than the timeout of {@link OverflowPolicy#BLOCK_WITH_TIMEOUT}. */
    TIMEOUT("timeout"),

    /** The producer was interrupted while it waited for room. */
    INTERRUPTED("interrupted");

    private final String id;

    DropReason(String id) {
        this.id = id;
    }

    /**
     * The name used in JSON and metric tags, such as {@code drop-oldest}.
     *
     * @return the kebab-case id of this reason
     */
    public String id() {
        return id;
    }
}
