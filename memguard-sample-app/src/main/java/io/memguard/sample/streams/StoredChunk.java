package io.memguard.sample.streams;

import java.nio.ByteBuffer;

/**
 * One chunk's bytes. Reading and dropping take the chunk's lock, so that a reader never copies from a buffer
 * that an eviction has already given back (with pooled buffers it could hold another chunk by then).
 */
final class StoredChunk {

    private final ChunkBuffers buffers;
    private ByteBuffer buffer;

    StoredChunk(ChunkBuffers buffers, byte[] bytes) {
        this.buffers = buffers;
        this.buffer = buffers.acquire(bytes.length);
        this.buffer.put(bytes).flip();
    }

    /**
     * A copy of the bytes, or {@code null} once dropped.
     */
    synchronized byte[] copy() {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    /** Gives the buffer back; later reads see nothing. */
    synchronized void drop() {
        if (buffer != null) {
            buffers.release(buffer);
            buffer = null;
        }
    }
}
