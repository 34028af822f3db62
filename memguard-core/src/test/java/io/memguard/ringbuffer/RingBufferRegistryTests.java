package io.memguard.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.protect.EffectivePressure;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.testing.TestPressureMonitor;
import org.junit.jupiter.api.Test;

class RingBufferRegistryTests {

    private final RingBufferRegistry registry = new RingBufferRegistry();

    @Test
    void registeredBuffersAreFoundByNameAndListedInNameOrder() {
        RingBuffer<String> audit = registry.register(buffer("audit"));
        RingBuffer<String> alerts = registry.register(buffer("alerts"));
        assertThat(registry.buffers()).containsExactly(alerts, audit);
        assertThat(registry.find("audit")).containsSame(audit);
        assertThat(registry.find("missing")).isEmpty();
        RingBuffer<String> typed = registry.get("audit");
        assertThat(typed).isSameAs(audit);
    }

    @Test
    void aNameIsRegisteredOnce() {
        registry.register(buffer("audit"));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(buffer("audit")))
                .withMessage("A ring buffer named 'audit' is registered already; give each buffer its own name");
    }

    @Test
    void getOfAnUnknownNameListsTheKnownOnes() {
        registry.register(buffer("b"));
        registry.register(buffer("a"));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.get("c"))
                .withMessage("No ring buffer named 'c'; registered: [a, b]");
    }

    @Test
    void listenersLearnOfAddedAndRemovedBuffersEvenIfOneThrows() {
        List<String> events = new CopyOnWriteArrayList<>();
        registry.addListener(new RingBufferRegistry.Listener() {
            @Override
            public void onAdded(RingBuffer<?> buffer) {
                throw new IllegalStateException("boom");
            }
        });
        registry.addListener(new RingBufferRegistry.Listener() {
            @Override
            public void onAdded(RingBuffer<?> buffer) {
                events.add("added " + buffer.name());
            }

            @Override
            public void onRemoved(RingBuffer<?> buffer) {
                events.add("removed " + buffer.name());
            }
        });
        RingBuffer<String> audit = registry.register(buffer("audit"));
        assertThat(registry.remove(audit)).isTrue();
        assertThat(registry.remove(audit)).isFalse();
        assertThat(events).containsExactly("added audit", "removed audit");
        assertThat(registry.buffers()).isEmpty();
        assertThat(registry.listenerFailures()).isEqualTo(1);
    }

    @Test
    void removingAnotherBufferOfTheSameNameLeavesTheRegisteredOne() {
        RingBuffer<String> audit = registry.register(buffer("audit"));
        assertThat(registry.remove(buffer("audit"))).isFalse();
        assertThat(registry.find("audit")).containsSame(audit);
    }

    @Test
    void buffersFollowTheMonitorsLevelIncludingBuffersRegisteredLater() {
        TestPressureMonitor monitor = new TestPressureMonitor();
        monitor.setLevel(MemoryPressureLevel.HIGH);
        RingBuffer<String> early = registry.register(buffer("early"));
        EffectivePressure.of(monitor).subscribe(registry);
        assertThat(early.capacity()).isEqualTo(50);
        RingBuffer<String> late = registry.register(buffer("late"));
        assertThat(late.capacity()).isEqualTo(50);
        monitor.setLevel(MemoryPressureLevel.CRITICAL);
        assertThat(early.capacity()).isEqualTo(25);
        monitor.setLevel(MemoryPressureLevel.NONE);
        assertThat(late.capacity()).isEqualTo(100);
    }

    @Test
    void closingTheSubscriptionStopsFollowingTheMonitor() throws Exception {
        TestPressureMonitor monitor = new TestPressureMonitor();
        RingBuffer<String> audit = registry.register(buffer("audit"));
        EffectivePressure pressure = EffectivePressure.of(monitor);
        pressure.subscribe(registry);
        pressure.close();
        assertThat(monitor.listeners()).isEmpty();
        monitor.setLevel(MemoryPressureLevel.CRITICAL);
        assertThat(audit.capacity()).isEqualTo(100);
    }

    private static RingBuffer<String> buffer(String name) {
        return RingBuffer.<String>builder(name).capacity(100).build();
    }
}
