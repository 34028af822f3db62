package io.memguard.quota;

import java.util.Objects;

/**
 * An immutable view of an evictable entry at one moment: what eviction policies compare, and what eviction
 * batches report. Times are readings of the controller's ticker, in nanoseconds.
 *
 * @param stream          the stream that holds the entry
 * @param key             the owner's key for the entry
 * @param component       the component whose bytes the entry holds
 * @param sizeBytes       the bytes the entry holds
 * @param priority        the owner's priority; higher means more worth keeping
 * @param createdNanos    when the entry was admitted
 * @param lastAccessNanos when the entry was admitted or last {@linkplain QuotaEntry#touch() touched}
 * @since 0.1.0
 */
public record QuotaEntrySnapshot(String stream, Object key, String component, long sizeBytes, int priority,
        long createdNanos, long lastAccessNanos) {

    public QuotaEntrySnapshot {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(component, "component");
    }
}
