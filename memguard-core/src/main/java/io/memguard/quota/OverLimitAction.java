package io.memguard.quota;

/**
 * What an allocation does when it would take a stream over its own limit.
 *
 * @since 0.1.0
 */
public enum OverLimitAction {

    /** Evict the stream's own entries, by the eviction policy, to make room; reject only if that is not enough. */
    EVICT,

    /** Reject the allocation at once with a {@link QuotaExceededException}. */
    REJECT
}
