package io.memguard.quota;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The global quota at one moment: its usage against the limit and thresholds, and what the controller has done since
 * it started (every count only grows), for metrics and endpoints.
 *
 * @param usedBytes     the bytes held by all streams together
 * @param limitBytes    the global limit
 * @param softBytes     the soft threshold in bytes
 * @param hardBytes     the hard threshold in bytes
 * @param criticalBytes the critical threshold in bytes
 * @param state         where {@code usedBytes} stands against the thresholds
 * @param streams       the number of open streams
 * @param allocatedBytes bytes admitted by allocations, entries and reservations
 * @param releasedBytes  bytes given back by releases, evictions and closed streams
 * @param allocationRate bytes admitted per second, measured between the last two maintenance runs; {@code 0} before
 *                       the second maintenance run
 * @param evictions      entries evicted, by reason (every reason present)
 * @param evictedBytes   bytes evicted, by reason (every reason present)
 * @param rejections     allocations and new streams refused, by the limit that refused (every limit present)
 * @param throttled      rate-limit acquisitions that were denied or timed out
 * @param suspectedLeaks suspected leaks reported
 * @param callbackFailures eviction callbacks, listeners and eviction policies that threw
 * @since 0.1.0
 */
public record QuotaSnapshot(long usedBytes, long limitBytes, long softBytes, long hardBytes, long criticalBytes,
        State state, int streams, long allocatedBytes, long releasedBytes, double allocationRate,
        Map<EvictionReason, Long> evictions, Map<EvictionReason, Long> evictedBytes,
        Map<QuotaRejection.Limit, Long> rejections, long throttled, long suspectedLeaks, long callbackFailures) {

    public QuotaSnapshot {
        Objects.requireNonNull(state, "state");
        evictions = copy(EvictionReason.class, evictions, "evictions");
        evictedBytes = copy(EvictionReason.class, evictedBytes, "evictedBytes");
        rejections = copy(QuotaRejection.Limit.class, rejections, "rejections");
    }

    /**
     * Usage over the global limit.
     *
     * @return a ratio, usually in [0..1]
     */
    public double ratio() {
        return (double) usedBytes / limitBytes;
    }

    /**
     * Entries evicted for a reason.
     *
     * @param reason the reason
     * @return the count
     */
    public long evictions(EvictionReason reason) {
        return evictions.getOrDefault(reason, 0L);
    }

    /**
     * Bytes evicted for a reason.
     *
     * @param reason the reason
     * @return the bytes
     */
    public long evictedBytes(EvictionReason reason) {
        return evictedBytes.getOrDefault(reason, 0L);
    }

    /**
     * Allocations and new streams refused by a limit.
     *
     * @param limit the limit that refused
     * @return the count
     */
    public long rejections(QuotaRejection.Limit limit) {
        return rejections.getOrDefault(limit, 0L);
    }

    private static <K extends Enum<K>> Map<K, Long> copy(Class<K> type, Map<K, Long> counts, String name) {
        Map<K, Long> copy = new EnumMap<>(type);
        copy.putAll(Objects.requireNonNull(counts, name));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Where global usage stands against the thresholds of the {@link QuotaConfiguration}.
     *
     * @since 0.1.0
     */
    public enum State {

        /** Below the soft threshold. */
        NORMAL,

        /** Above the soft threshold: entries are evicted in the background. */
        SOFT,

        /** Above the hard threshold: allocations evict synchronously before they are admitted. */
        HARD,

        /** At or above the critical threshold: new allocations and new streams are rejected. */
        CRITICAL
    }
}
