package io.memguard.buffer;

import java.nio.ByteBuffer;

/**
 * A buffer acquired from a {@link BufferPool} for the length of a {@code try} block:
 * {@code try (BufferLease lease = pool.lease(n)) { ... lease.buffer() ... }}.
 *
 * <p>A lease belongs to one thread at a time. Closing it releases the buffer; closing it again does nothing,
 * because the lease knows it no longer holds a buffer.
 *
 * @since 0.1.0
 */
public interface BufferLease extends AutoCloseable {

    /**
     * The leased buffer.
     *
     * @return the buffer, cleared when the lease was taken
     * @throws IllegalStateException if the lease was closed
     */
    ByteBuffer buffer();

    /** Releases the buffer to its pool; does nothing if already closed. */
    @Override
    void close();
}
