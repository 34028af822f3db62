package io.memguard.autoconfigure.ringbuffer;

import io.memguard.ringbuffer.RingBuffer;

/**
 * Adds what properties cannot express, such as a drop handler or a watermark listener, to the ring buffers
 * configured under {@code memguard.ring-buffers.instances}. Declare beans of this type; they are applied in
 * order, after the properties.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RingBufferCustomizer {

    /**
     * Customizes one configured buffer before it is built.
     *
     * @param name    the buffer's name, its key under {@code memguard.ring-buffers.instances}
     * @param builder its builder, with the properties applied
     */
    void customize(String name, RingBuffer.Builder<Object> builder);
}
