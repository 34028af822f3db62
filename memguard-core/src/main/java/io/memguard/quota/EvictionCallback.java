package io.memguard.quota;

/**
 * Drops the data of an evicted entry. Called once per evicted entry, after its bytes were released from the
 * quota, on the thread that evicted it (an allocating thread or the quota's background thread): it must be
 * quick and must not block. A callback that throws is logged and counted, and eviction carries on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EvictionCallback {

    /**
     * Drops the entry's data.
     *
     * @param entry  the evicted entry, no longer live
     * @param reason why it was evicted
     */
    void onEvict(QuotaEntry entry, EvictionReason reason);
}
