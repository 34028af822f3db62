package io.memguard.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.ringbuffer.RingBufferMetrics;
import io.memguard.ringbuffer.RingBufferRegistry;

/**
 * The {@code ring-buffers} section of {@code /actuator/memory}: every registered ring buffer with its
 * gauges and counters.
 *
 * @since 0.1.0
 */
public final class RingBuffersEndpointSection implements MemoryEndpointSection {

    private final RingBufferRegistry registry;

    public RingBuffersEndpointSection(RingBufferRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "ring-buffers";
    }

    @Override
    public RingBuffersDescriptor describe() {
        Map<String, RingBufferDescriptor> buffers = new LinkedHashMap<>();
        for (RingBuffer<?> buffer : registry.buffers()) {
            buffers.put(buffer.name(), RingBufferDescriptor.of(buffer));
        }
        return new RingBuffersDescriptor(buffers);
    }

    /**
     * The registered ring buffers.
     *
     * @param buffers each buffer by name
     */
    public record RingBuffersDescriptor(Map<String, RingBufferDescriptor> buffers) {
    }

    /**
     * One ring buffer now.
     *
     * @param policy           its overflow policy
     * @param size             items in it
     * @param capacity         its effective capacity (grown or shrunk)
     * @param maxCapacity      the capacity it may grow to
     * @param highWaterMark    the largest size it reached
     * @param pressured        whether it is above its high watermark
     * @param offered          items offered
     * @param polled           items consumed
     * @param dropped          items dropped, by reason
     * @param blockedSeconds   time producers spent waiting for room
     * @param resizes          times it grew
     * @param callbackFailures drop handler and watermark listener calls that threw
     */
    public record RingBufferDescriptor(OverflowPolicy policy, int size, int capacity, int maxCapacity,
            int highWaterMark, boolean pressured, long offered, long polled, Map<String, Long> dropped,
            double blockedSeconds, int resizes, long callbackFailures) {

        static RingBufferDescriptor of(RingBuffer<?> buffer) {
            RingBufferMetrics metrics = buffer.metrics();
            Map<String, Long> dropped = new LinkedHashMap<>();
            for (DropReason reason : DropReason.values()) {
                dropped.put(reason.id(), metrics.dropped(reason));
            }
            return new RingBufferDescriptor(buffer.policy(), metrics.size(), metrics.capacity(),
                    metrics.maxCapacity(), metrics.highWaterMark(), buffer.isPressured(), metrics.offered(),
                    metrics.polled(), dropped, metrics.blockedNanos() / 1e9, metrics.resizes(),
                    metrics.callbackFailures());
        }
    }
}
