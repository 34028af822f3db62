package io.memguard.quota;

/**
 * Data an owner keeps under a stream's quota and allows memguard to drop: a video frame, an upload chunk, a
 * cached session. The entry's bytes stay accounted until the owner {@linkplain #release() releases} it or
 * memguard evicts it, whichever comes first; memguard then calls the entry's eviction callback (given to
 * {@link QuotaStream#admit}) so that
 * the owner drops the data.
 *
 * @since 0.1.0
 */
public interface QuotaEntry {

    /**
     * The stream that holds this entry.
     *
     * @return the stream's id
     */
    String stream();

    /**
     * The owner's key.
     *
     * @return the key given at admission
     */
    Object key();

    /**
     * The component whose bytes this entry holds.
     *
     * @return the component's name
     */
    String component();

    /**
     * The bytes this entry holds.
     *
     * @return its size in bytes
     */
    long sizeBytes();

    /**
     * The owner's priority: the {@code PRIORITY} policy evicts lower priorities first.
     *
     * @return the priority given at admission
     */
    int priority();

    /**
     * Records an access now, for the {@code LRU} policy. Cheap: one clock read and one volatile write.
     */
    void touch();

    /**
     * Gives the entry back: its bytes are released and its callback is not called.
     *
     * @return {@code true} if this call released it, {@code false} if it was already released or evicted
     */
    boolean release();

    /**
     * Returns whether the entry still holds its bytes.
     *
     * @return {@code false} once released or evicted
     */
    boolean isLive();

    /**
     * The entry's state now, as a value.
     *
     * @return an immutable snapshot
     */
    QuotaEntrySnapshot snapshot();
}
