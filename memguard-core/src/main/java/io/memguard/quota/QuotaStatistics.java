package io.memguard.quota;

/**
 * A read-only view of what a {@link QuotaController} has done since it started, for metrics and endpoints.
 * Every counter only grows.
 *
 * @since 0.1.0
 */
public interface QuotaStatistics {

    /**
     * Bytes admitted by allocations, entries and reservations.
     *
     * @return the total admitted
     */
    long allocatedBytes();

    /**
     * Bytes given back by releases, evictions and closed streams.
     *
     * @return the total released
     */
    long releasedBytes();

    /**
     * Bytes admitted per second, measured between the last two maintenance runs.
     *
     * @return the recent allocation rate, {@code 0} before the second maintenance run
     */
    double allocationRate();

    /**
     * Entries evicted for a reason.
     *
     * @param reason the reason
     * @return the count
     */
    long evictions(EvictionReason reason);

    /**
     * Bytes evicted for a reason.
     *
     * @param reason the reason
     * @return the bytes
     */
    long evictedBytes(EvictionReason reason);

    /**
     * Allocations and new streams refused by a limit.
     *
     * @param limit the limit that refused
     * @return the count
     */
    long rejections(QuotaRejection.Limit limit);

    /**
     * Rate-limit acquisitions that were denied or timed out.
     *
     * @return the count
     */
    long throttled();

    /**
     * Suspected leaks reported.
     *
     * @return the count
     */
    long suspectedLeaks();

    /**
     * Eviction callbacks, listeners and eviction policies that threw.
     *
     * @return the count
     */
    long callbackFailures();
}
