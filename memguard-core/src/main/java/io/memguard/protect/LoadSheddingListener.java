package io.memguard.protect;

/**
 * Told of refused requests, in batches: at most once per batch interval while shedding goes on, and once
 * more when pressure changes, with what was refused since the previous summary.
 *
 * <p>A listener that throws is logged and counted; shedding carries on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LoadSheddingListener {

    /**
     * Called with the requests refused since the previous summary.
     *
     * @param summary what was refused, why, and over which period
     */
    void onShedding(SheddingSummary summary);
}
