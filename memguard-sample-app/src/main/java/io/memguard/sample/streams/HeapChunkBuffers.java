package io.memguard.sample.streams;

import java.nio.ByteBuffer;

/**
 * Plain heap buffers, one per chunk, left to the garbage collector when released.
 *
 * @since 0.1.0
 */
public final class HeapChunkBuffers implements ChunkBuffers {

    @Override
    public ByteBuffer acquire(int size) {
        return ByteBuffer.allocate(size);
    }

    @Override
    public void release(ByteBuffer buffer) {
        // nothing to do: the buffer becomes garbage
    }
}
