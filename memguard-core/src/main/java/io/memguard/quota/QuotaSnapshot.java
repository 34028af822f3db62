package io.memguard.quota;

import java.util.Objects;

/**
 * The global quota at one moment.
 *
 * @param usedBytes     the bytes held by all streams together
 * @param limitBytes    the global limit
 * @param softBytes     the soft threshold in bytes
 * @param hardBytes     the hard threshold in bytes
 * @param criticalBytes the critical threshold in bytes
 * @param state         where {@code usedBytes} stands against the thresholds
 * @param streams       the number of open streams
 * @since 0.1.0
 */
public record QuotaSnapshot(long usedBytes, long limitBytes, long softBytes, long hardBytes, long criticalBytes,
        State state, int streams) {

    public QuotaSnapshot {
        Objects.requireNonNull(state, "state");
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
