package io.memguard.buffer;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The lease handed out by {@link BufferPool#lease(int)}: one small object per lease, which holds the buffer
 * strongly while the lease is open, so an unclosed lease that is dropped is reported as a leak of its buffer.
 */
final class PooledBufferLease implements BufferLease {

    private final BufferPool pool;

    private @Nullable ByteBuffer buffer;

    PooledBufferLease(BufferPool pool, ByteBuffer buffer) {
        this.pool = pool;
        this.buffer = buffer;
    }

    @Override
    public ByteBuffer buffer() {
        ByteBuffer leased = buffer;
        if (leased == null) {
            throw new IllegalStateException("This buffer lease is closed: its buffer went back to the pool");
        }
        return leased;
    }

    @Override
    public void close() {
        ByteBuffer leased = buffer;
        if (leased != null) {
            buffer = null;
            pool.release(leased);
        }
    }
}
