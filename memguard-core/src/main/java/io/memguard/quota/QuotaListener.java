package io.memguard.quota;

/**
 * Told of what a {@link QuotaController} does to protect memory. Every method has an empty default, so a
 * listener implements only what it needs. Methods run on the thread that acted (an allocating thread or the
 * quota's background thread): they must be quick. A listener that throws is logged and counted, and the
 * controller and the other listeners carry on.
 *
 * @since 0.1.0
 */
public interface QuotaListener {

    /**
     * Called once per eviction run that dropped at least one entry.
     *
     * @param batch the entries dropped, and why
     */
    default void onEviction(EvictionBatch batch) {
    }

    /**
     * Called when the global quota is at its critical threshold and refuses an allocation or a new stream:
     * callers should slow down.
     *
     * @param rejection what was refused
     */
    default void onBackpressure(QuotaRejection rejection) {
    }

    /**
     * Called when a stream looks like it leaks: bytes allocated and never released.
     *
     * @param leak the stream, the bytes and how it was noticed
     */
    default void onSuspectedLeak(SuspectedLeak leak) {
    }
}
