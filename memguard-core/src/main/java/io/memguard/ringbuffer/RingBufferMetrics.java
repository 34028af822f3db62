package io.memguard.ringbuffer;

import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * A read-only view of a {@link RingBuffer}'s gauges and counters, for metrics and the actuator endpoint.
 * Every value is read live and may be slightly inconsistent with the others while the buffer is in use.
 *
 * <p>The counters balance: {@code offered == polled + dropped + size}, once the buffer is quiet.
 *
 * @since 0.1.0
 */
public interface RingBufferMetrics {

    /**
     * Items in the buffer now.
     *
     * @return the size
     */
    int size();

    /**
     * The effective capacity now: configured, grown by {@link OverflowPolicy#RESIZE}, shrunk by memory pressure.
     *
     * @return the capacity
     */
    int capacity();

    /**
     * The capacity the buffer may grow to under {@link OverflowPolicy#RESIZE}; the configured capacity otherwise.
     *
     * @return the maximum capacity
     */
    int maxCapacity();

    /**
     * The largest size the buffer has reached. Never above a size the buffer really had (so never above its
     * capacity, except while a shrink under memory pressure is applied); it never decreases. Exact for peaks
     * above 64 items; smaller peaks are sampled (at least every 64 offers, whenever the buffer is full, and
     * whenever this method is called), because tracking them exactly would cost every offer a read of the
     * consumers' position.
     *
     * @return the high-water mark
     */
    int highWaterMark();

    /**
     * Items offered, whatever happened to them.
     *
     * @return the number of offers
     */
    long offered();

    /**
     * Items taken out by consumers, through poll, take or drain.
     *
     * @return the number of items consumed
     */
    long polled();

    /**
     * Items dropped for any reason.
     *
     * @return the number of dropped items
     */
    long dropped();

    /**
     * Items dropped for one reason.
     *
     * @param reason the reason
     * @return the number of items dropped for that reason
     */
    long dropped(DropReason reason);

    /**
     * Total time producers spent waiting for room, under the blocking policies.
     *
     * @return nanoseconds spent blocked, all producers together
     */
    long blockedNanos();

    /**
     * Times the buffer grew under {@link OverflowPolicy#RESIZE}.
     *
     * @return the number of resizes
     */
    int resizes();

    /**
     * Drop handler and watermark listener calls that threw.
     *
     * @return the number of failed callbacks
     */
    long callbackFailures();
}
