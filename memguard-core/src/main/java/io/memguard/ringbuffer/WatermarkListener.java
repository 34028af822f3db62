package io.memguard.ringbuffer;

/**
 * Told when a {@link RingBuffer} crosses its watermarks, so that producers can slow down before anything is
 * dropped. The buffer is pressured from the moment its size reaches the high watermark until it falls to
 * the low watermark. Each crossing is reported once, on a producer or consumer thread of the buffer (the one
 * that caused it, or one that is reporting an earlier crossing), one crossing at a time and in the order they
 * happened: high and low alternate, and once the buffer is quiet the last one reported matches
 * {@link RingBuffer#isPressured()}. A crossing caused from inside a callback is reported after it returns.
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
