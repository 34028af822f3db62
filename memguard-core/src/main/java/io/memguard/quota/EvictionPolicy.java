package io.memguard.quota;

/**
 * Decides which entries go first when a quota must reclaim memory. Implement it for other orders; the
 * controller only compares snapshots, so a policy never sees an entry change under it.
 *
 * @since 0.1.0
 */
public interface EvictionPolicy {

    /**
     * Orders two candidates.
     *
     * @param a a candidate
     * @param b another candidate
     * @return a negative number if {@code a} should be evicted before {@code b}, positive if after, zero if either
     */
    int compare(QuotaEntrySnapshot a, QuotaEntrySnapshot b);

    /**
     * Returns whether this policy allows the entry to be evicted at all. Entries younger than the controller's
     * minimum retention are filtered out before this is asked.
     *
     * @param entry    the candidate
     * @param critical whether the quota or the JVM is at its critical level
     * @return {@code true} if the entry may be evicted
     */
    default boolean mayEvict(QuotaEntrySnapshot entry, boolean critical) {
        return true;
    }

    /**
     * A short name for the endpoint and logs.
     *
     * @return the policy's name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Least recently used first: the entry touched longest ago goes first; ties go to the oldest entry.
     *
     * @return the LRU policy
     */
    static EvictionPolicy lru() {
        return LruEvictionPolicy.INSTANCE;
    }

    /**
     * Lowest priority first, least recently used first within a priority. Entries with a priority above
     * {@code protectedPriority} are kept, unless the level is critical.
     *
     * @param protectedPriority the highest priority that may be evicted below the critical level
     * @return the PRIORITY policy
     */
    static EvictionPolicy priority(int protectedPriority) {
        return new PriorityEvictionPolicy(protectedPriority);
    }
}
