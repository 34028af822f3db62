package io.memguard.quota;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The memory budget of one stream, tenant or connection, under the global budget of its {@link QuotaController}.
 *
 * <p>Bytes are accounted by component ({@code frames}, {@code packets}, ...), either as plain allocations that
 * the owner releases, as {@linkplain #reserve reservations} released by a {@code try} block, or as
 * {@linkplain #admit evictable entries} that memguard may drop to make room. Allocation and release take no
 * lock and allocate nothing.
 *
 * <p>Closing a stream evicts its entries and releases whatever is still accounted; bytes that the owner had
 * allocated and not released are reported as a {@linkplain SuspectedLeak suspected leak}. Releasing into a
 * closed stream does nothing; allocating into one throws {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public interface QuotaStream extends AutoCloseable {

    /**
     * The stream's id.
     *
     * @return the id given to {@link QuotaController#stream(String)}
     */
    String id();

    /**
     * The most this stream may hold.
     *
     * @return the limit in bytes
     */
    long limitBytes();

    /**
     * The bytes this stream holds now, entries included.
     *
     * @return the usage in bytes; {@code 0} once closed
     */
    long usedBytes();

    /**
     * The bytes this stream holds for one component.
     *
     * @param component a declared component name
     * @return the usage of that component in bytes
     * @throws IllegalArgumentException if the component was not declared
     */
    long usedBytes(String component);

    /**
     * This stream's usage with its breakdown by component, entries and evictions.
     *
     * @return a snapshot of the usage
     */
    QuotaStreamSnapshot snapshot();

    /**
     * Returns whether allocating {@code bytes} now would go over this stream's limit or the global critical
     * threshold, before any eviction.
     *
     * @param bytes the bytes to allocate
     * @return {@code true} if the allocation would need eviction or be rejected
     */
    boolean wouldExceed(long bytes);

    /**
     * Accounts {@code bytes} to a component. Over the stream's limit, evicts this stream's entries or rejects,
     * as configured; over the global hard threshold, evicts across streams first; at the global critical
     * threshold, rejects.
     *
     * @param component a declared component name
     * @param bytes     the bytes to allocate, not negative
     * @throws QuotaExceededException   if the bytes do not fit
     * @throws IllegalArgumentException if the component was not declared or {@code bytes} is negative
     * @throws IllegalStateException    if the stream is closed
     */
    void allocate(String component, long bytes);

    /**
     * As {@link #allocate(String, long)}, with a resolved component.
     *
     * @param component a component of this stream's controller
     * @param bytes     the bytes to allocate, not negative
     */
    void allocate(QuotaController.Component component, long bytes);

    /**
     * Gives back bytes allocated to a component. Only bytes of allocations that were admitted count as held: the
     * bytes of an allocation still under way, or refused, can never be released, whatever runs at the same time.
     *
     * @param component a declared component name
     * @param bytes     the bytes to release, not negative
     * @throws IllegalArgumentException if the component holds fewer bytes than that (nothing is released then)
     */
    void release(String component, long bytes);

    /**
     * As {@link #release(String, long)}, with a resolved component.
     *
     * @param component a component of this stream's controller
     * @param bytes     the bytes to release, not negative
     */
    void release(QuotaController.Component component, long bytes);

    /**
     * Allocates bytes that are released when the returned reservation is closed.
     *
     * @param component a declared component name
     * @param bytes     the bytes to reserve, not negative
     * @return the reservation, to close in a {@code try} block
     * @throws QuotaExceededException if the bytes do not fit
     */
    Reservation reserve(String component, long bytes);

    /**
     * Allocates the bytes of an evictable entry and registers it.
     *
     * @param key       the owner's key for the entry
     * @param component a declared component name
     * @param sizeBytes the bytes the entry holds
     * @param priority  its priority for the {@code PRIORITY} policy; higher is kept longer
     * @param onEvict   called once if memguard evicts it, with the evicted entry (no longer live) and why, to drop
     *                  the entry's data: after its bytes were released from the quota, on the thread that evicted it
     *                  (an allocating thread or the quota's background thread), so it must be quick and must not
     *                  block; one that throws is logged and counted, and eviction carries on
     * @return the live entry
     * @throws QuotaExceededException if the entry does not fit
     */
    QuotaEntry admit(Object key, String component, long sizeBytes, int priority,
            BiConsumer<? super QuotaEntry, ? super EvictionReason> onEvict);

    /**
     * Takes {@code bytes} from this stream's and the global token buckets, if rate limits are configured,
     * without waiting.
     *
     * @param bytes the bytes about to be allocated
     * @return {@code true} if the rate allows them now
     */
    boolean tryAcquire(long bytes);

    /**
     * Takes {@code bytes} from this stream's and the global token buckets, waiting up to {@code timeout}.
     * The wait is booked in advance: if the buckets cannot give the bytes within the timeout, this returns
     * {@code false} at once instead of sleeping in vain.
     *
     * @param bytes   the bytes about to be allocated
     * @param timeout the longest wait
     * @return {@code true} if the bytes were acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the bytes are then given back to the buckets
     */
    boolean acquire(long bytes, Duration timeout) throws InterruptedException;

    /**
     * Returns whether the stream was closed.
     *
     * @return {@code true} once {@link #close()} was called
     */
    boolean isClosed();

    /**
     * Evicts this stream's entries, releases everything still accounted (reporting a suspected leak if the
     * owner still held bytes) and removes the stream from its controller. Closing again does nothing.
     */
    @Override
    void close();

    /**
     * Bytes allocated for the length of a {@code try} block: closing it releases them exactly once, so an
     * exception can never leak them.
     *
     * <pre>{@code
     * try (Reservation reservation = stream.reserve("frames", frame.length)) {
     *     decode(frame);
     * }
     * }</pre>
     *
     * @since 0.1.0
     */
    public interface Reservation extends AutoCloseable {

        /**
         * The bytes this reservation holds until it is closed.
         *
         * @return the reserved bytes
         */
        long bytes();

        /**
         * Releases the reserved bytes. Closing again does nothing.
         */
        @Override
        void close();
    }
}
