package io.memguard.sample.streams;

import java.nio.ByteBuffer;

import io.memguard.buffer.BufferPool;

/**
 * Chunk bytes in buffers of memguard's {@link BufferPool}: an evicted chunk's buffer goes back to the pool and
 * holds the next chunk, instead of becoming garbage. The pool throws on a second release of the same buffer;
 * {@link StoredChunk} makes sure each buffer is released exactly once.
 *
 * @since 0.1.0
 */
public final class PooledChunkBuffers implements ChunkBuffers {

    private final BufferPool pool;

    public PooledChunkBuffers(BufferPool pool) {
        this.pool = pool;
    }

    @Override
    public ByteBuffer acquire(int size) {
        return pool.acquire(size);
    }

    @Override
    public void release(ByteBuffer buffer) {
        pool.release(buffer);
    }
}
