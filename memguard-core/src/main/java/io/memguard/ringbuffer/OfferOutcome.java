package io.memguard.ringbuffer;

/**
 * What happened to an offered item. An enum, so that answering costs no allocation.
 *
 * @since 0.1.0
 */
public enum OfferOutcome {

    /** The item was added and nothing was dropped. */
    ACCEPTED,

    /** The item was added after the oldest item(s) were dropped to make room. */
    ACCEPTED_AFTER_DROPPING_OLDEST,

    /** The item was not added; it went to the drop handler. */
    REJECTED;

    /**
     * Returns whether the offered item is now in the buffer.
     *
     * @return {@code true} unless the item was rejected
     */
    public boolean isAccepted() {
        return this != REJECTED;
    }
}
