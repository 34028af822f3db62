package io.memguard.quota;

/**
 * Where global usage stands against the thresholds of the {@link QuotaConfiguration}.
 *
 * @since 0.1.0
 */
public enum QuotaState {

    /** Below the soft threshold. */
    NORMAL,

    /** Above the soft threshold: entries are evicted in the background. */
    SOFT,

    /** Above the hard threshold: allocations evict synchronously before they are admitted. */
    HARD,

    /** At or above the critical threshold: new allocations and new streams are rejected. */
    CRITICAL
}
