package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.memguard.spring.actuate.RingBuffersEndpointSection.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

class RingBuffersEndpointSectionTests {

    private final RingBufferRegistry registry = new RingBufferRegistry();

    private final RingBuffersEndpointSection section = new RingBuffersEndpointSection(registry);

    @Test
    void describesEveryRegisteredBuffer() {
        RingBuffer<String> audit = registry.register(RingBuffer.<String>builder("audit").capacity(2)
                .policy(OverflowPolicy.DROP_NEWEST).build());
        registry.register(RingBuffer.<String>builder("alerts").build());
        audit.offer("a");
        audit.offer("b");
        audit.offer("c");

        assertThat(section.name()).isEqualTo("ring-buffers");
        Map<String, RingBufferDescriptor> buffers = section.describe().buffers();
        assertThat(buffers).containsOnlyKeys("alerts", "audit");
        assertThat(buffers.get("audit")).isEqualTo(new RingBufferDescriptor(OverflowPolicy.DROP_NEWEST, 2, 2, 2, 2, true,
                3, 0, Map.of("drop-oldest", 0L, "drop-newest", 1L, "timeout", 0L, "interrupted", 0L), 0.0, 0, 0));
    }
}
