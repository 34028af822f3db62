package io.memguard.ringbuffer;

/**
 * Told when a {@link RingBuffer} crosses its watermarks, so that producers can slow down before anything is
 * dropped. The buffer is pressured from the moment its size reaches the high watermark until it falls to
 * the low watermark; each crossing is reported once, on the producer or consumer thread that caused it.
 *
 * <p>A listener that throws is logged and counted; the buffer carries on.
 *
 * @since 0.1.0
 */
public interface WatermarkListener {

    /**
     * The buffer's size reached its high watermark: {@link RingBuffer#isPressured()} is now {@code true}.
     *
     * @param buffer the buffer
     * @param size   its size when the crossing was seen
     */
    default void onHighWatermark(RingBuffer<?> buffer, int size) {
    }

    /**
     * The buffer's size fell to its low watermark: {@link RingBuffer#isPressured()} is now {@code false}.
     *
     * @param buffer the buffer
     * @param size   its size when the crossing was seen
     */
    default void onLowWatermark(RingBuffer<?> buffer, int size) {
    }
}
