package io.memguard.sample.streams;

import java.nio.ByteBuffer;

/**
 * Where chunk bytes live while a stream holds them. Kept behind this interface so that the storage can move
 * to memguard's pooled buffers without touching the stream logic.
 *
 * @since 0.1.0
 */
public interface ChunkBuffers {

    /**
     * A buffer with room for at least {@code size} bytes, positioned at 0.
     *
     * @param size the bytes the chunk needs
     * @return a buffer the caller owns until it passes it to {@link #release}
     */
    ByteBuffer acquire(int size);

    /**
     * Gives a buffer back once its chunk is evicted; the caller no longer touches it.
     *
     * @param buffer a buffer from {@link #acquire}
     */
    void release(ByteBuffer buffer);
}
