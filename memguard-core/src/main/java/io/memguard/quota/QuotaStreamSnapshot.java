package io.memguard.quota;

import java.util.Map;
import java.util.Objects;

/**
 * One stream's usage at one moment.
 *
 * @param stream         the stream's id
 * @param usedBytes      the bytes it holds, entries included
 * @param limitBytes     its limit
 * @param components     the bytes it holds by component, in the order the components were declared
 * @param entries        the evictable entries it holds
 * @param entryBytes     the bytes those entries hold
 * @param evictedEntries entries evicted from it so far
 * @param evictedBytes   bytes evicted from it so far
 * @since 0.1.0
 */
public record QuotaStreamSnapshot(String stream, long usedBytes, long limitBytes, Map<String, Long> components,
        int entries, long entryBytes, long evictedEntries, long evictedBytes) {

    public QuotaStreamSnapshot {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(components, "components");
    }
}
