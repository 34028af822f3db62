package io.memguard.spring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBufferMetrics;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of every ring buffer in the registry, tagged with the buffer's {@code name}: size, capacity,
 * high-water mark, pressured, offered, polled, dropped (tagged with its {@code reason}), time blocked,
 * resizes and callback failures. Buffers registered later get their meters when they are registered, and
 * lose them when they are removed. {@link #close()} stops following the registry.
 *
 * @since 0.1.0
 */
public final class RingBufferMeterBinder implements MeterBinder, AutoCloseable {

    /** Items in the buffer. */
    public static final String SIZE = "memguard.ring.buffer.size";

    /** Effective capacity. */
    public static final String CAPACITY = "memguard.ring.buffer.capacity";

    /** Largest size reached. */
    public static final String HIGH_WATER_MARK = "memguard.ring.buffer.high.water.mark";

    /** 1 while above the high watermark. */
    public static final String PRESSURED = "memguard.ring.buffer.pressured";

    /** Items offered. */
    public static final String OFFERED = "memguard.ring.buffer.offered";

    /** Items consumed. */
    public static final String POLLED = "memguard.ring.buffer.polled";

    /** Items dropped, by reason. */
    public static final String DROPPED = "memguard.ring.buffer.dropped";

    /** Time producers spent blocked. */
    public static final String BLOCKED_TIME = "memguard.ring.buffer.blocked.time";

    /** Times the buffer grew. */
    public static final String RESIZES = "memguard.ring.buffer.resizes";

    /** Drop handler and watermark listener calls that threw. */
    public static final String CALLBACK_FAILURES = "memguard.ring.buffer.callback.failures";

    private final RingBufferRegistry registry;

    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();

    private final Map<RingBuffer<?>, List<BoundMeter>> meters = new ConcurrentHashMap<>();

    private final RingBufferRegistry.Listener listener = new RingBufferRegistry.Listener() {

        @Override
        public void onAdded(RingBuffer<?> buffer) {
            for (MeterRegistry meterRegistry : meterRegistries) {
                bind(buffer, meterRegistry);
            }
        }

        @Override
        public void onRemoved(RingBuffer<?> buffer) {
            List<BoundMeter> removed = meters.remove(buffer);
            if (removed != null) {
                removed.forEach(bound -> bound.registry().remove(bound.meter()));
            }
        }
    };

    public RingBufferMeterBinder(RingBufferRegistry registry) {
        this.registry = registry;
        registry.addListener(listener);
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meterRegistries.add(meterRegistry);
        for (RingBuffer<?> buffer : registry.buffers()) {
            bind(buffer, meterRegistry);
        }
    }

    private void bind(RingBuffer<?> buffer, MeterRegistry meterRegistry) {
        RingBufferMetrics metrics = buffer.metrics();
        Tags tags = Tags.of("name", buffer.name());
        List<Meter> bound = new ArrayList<>();
        bound.add(Gauge.builder(SIZE, metrics, RingBufferMetrics::size).tags(tags)
                .description("Items in the ring buffer").register(meterRegistry));
        bound.add(Gauge.builder(CAPACITY, metrics, RingBufferMetrics::capacity).tags(tags)
                .description("Items the ring buffer holds before its overflow policy applies, grown or shrunk")
                .register(meterRegistry));
        bound.add(Gauge.builder(HIGH_WATER_MARK, metrics, RingBufferMetrics::highWaterMark).tags(tags)
                .description("Largest size the ring buffer reached").register(meterRegistry));
        bound.add(Gauge.builder(PRESSURED, buffer, pressured -> pressured.isPressured() ? 1 : 0).tags(tags)
                .description("1 while the ring buffer is above its high watermark, else 0").register(meterRegistry));
        bound.add(FunctionCounter.builder(OFFERED, metrics, RingBufferMetrics::offered).tags(tags)
                .description("Items offered to the ring buffer").register(meterRegistry));
        bound.add(FunctionCounter.builder(POLLED, metrics, RingBufferMetrics::polled).tags(tags)
                .description("Items consumed from the ring buffer").register(meterRegistry));
        for (DropReason reason : DropReason.values()) {
            bound.add(FunctionCounter.builder(DROPPED, metrics, dropped -> dropped.dropped(reason))
                    .tags(tags.and("reason", reason.id()))
                    .description("Items the ring buffer dropped, by reason").register(meterRegistry));
        }
        bound.add(FunctionCounter.builder(BLOCKED_TIME, metrics, blocked -> blocked.blockedNanos() / 1e9).tags(tags)
                .baseUnit("seconds")
                .description("Time producers spent waiting for room in the ring buffer").register(meterRegistry));
        bound.add(FunctionCounter.builder(RESIZES, metrics, RingBufferMetrics::resizes).tags(tags)
                .description("Times the ring buffer grew").register(meterRegistry));
        bound.add(FunctionCounter.builder(CALLBACK_FAILURES, metrics, RingBufferMetrics::callbackFailures).tags(tags)
                .description("Drop handler and watermark listener calls of the ring buffer that threw")
                .register(meterRegistry));
        List<BoundMeter> tracked = meters.computeIfAbsent(buffer, key -> new CopyOnWriteArrayList<>());
        bound.forEach(meter -> tracked.add(new BoundMeter(meterRegistry, meter)));
    }

    @Override
    public void close() {
        registry.removeListener(listener);
    }

    private record BoundMeter(MeterRegistry registry, Meter meter) {
    }
}
