package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class RingBufferMeterBinderTests {

    private final RingBufferRegistry registry = new RingBufferRegistry();

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void exportsEveryBufferTaggedWithItsNameAndDropsWithTheirReason() {
        RingBuffer<String> audit = registry.register(RingBuffer.<String>builder("audit").capacity(2).build());
        new RingBufferMeterBinder(registry).bindTo(prometheus);
        audit.offer("a");
        audit.offer("b");
        audit.offer("c");
        assertThat(prometheus.scrape()).contains("memguard_ring_buffer_pressured{name=\"audit\"} 1.0");
        audit.poll();

        assertThat(prometheus.scrape()).contains(
                "memguard_ring_buffer_size{name=\"audit\"} 1.0",
                "memguard_ring_buffer_capacity{name=\"audit\"} 2.0",
                "memguard_ring_buffer_high_water_mark{name=\"audit\"} 2.0",
                "memguard_ring_buffer_pressured{name=\"audit\"} 0.0",
                "memguard_ring_buffer_offered_total{name=\"audit\"} 3.0",
                "memguard_ring_buffer_polled_total{name=\"audit\"} 1.0",
                "memguard_ring_buffer_dropped_total{name=\"audit\",reason=\"drop-oldest\"} 1.0",
                "memguard_ring_buffer_dropped_total{name=\"audit\",reason=\"timeout\"} 0.0",
                "memguard_ring_buffer_blocked_time_seconds_total{name=\"audit\"} 0.0",
                "memguard_ring_buffer_resizes_total{name=\"audit\"} 0.0",
                "memguard_ring_buffer_callback_failures_total{name=\"audit\"} 0.0");
    }

    @Test
    void buffersRegisteredLaterGetMetersAndRemovedOnesLoseThem() {
        RingBufferMeterBinder binder = new RingBufferMeterBinder(registry);
        binder.bindTo(prometheus);
        RingBuffer<String> late = registry.register(RingBuffer.<String>builder("late").policy(OverflowPolicy.RESIZE)
                .capacity(1).build());
        late.offer("a");
        late.offer("b");
        assertThat(prometheus.scrape()).contains("memguard_ring_buffer_resizes_total{name=\"late\"} 1.0");

        registry.remove(late);
        assertThat(prometheus.scrape()).doesNotContain("name=\"late\"");

        binder.close();
        registry.register(RingBuffer.<String>builder("after-close").build());
        assertThat(prometheus.scrape()).doesNotContain("after-close");
    }
}
