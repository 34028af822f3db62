package io.memguard.quota;

import java.util.List;
import java.util.Objects;

/**
 * The entries one eviction run dropped, reported together so that a burst of evictions is one event.
 *
 * @param reason  why they were evicted
 * @param entries the evicted entries as they were just before eviction, in eviction order
 * @since 0.1.0
 */
public record EvictionBatch(EvictionReason reason, List<QuotaEntrySnapshot> entries) {

    public EvictionBatch {
        Objects.requireNonNull(reason, "reason");
        entries = List.copyOf(entries);
    }

    /**
     * The bytes this run freed.
     *
     * @return the sum of the entries' sizes
     */
    public long bytes() {
        long bytes = 0;
        for (QuotaEntrySnapshot entry : entries) {
            bytes += entry.sizeBytes();
        }
        return bytes;
    }
}
