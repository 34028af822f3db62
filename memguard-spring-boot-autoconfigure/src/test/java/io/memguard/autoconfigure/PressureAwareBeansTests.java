package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import io.memguard.autoconfigure.buffer.BufferPoolAutoConfiguration;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.autoconfigure.ringbuffer.RingBufferAutoConfiguration;
import io.memguard.buffer.BufferPool;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;
import io.memguard.protect.LowMemoryMode;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class PressureAwareBeansTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    LowMemoryModeAutoConfiguration.class, BufferPoolAutoConfiguration.class,
                    RingBufferAutoConfiguration.class))
            .withPropertyValues("memguard.low-memory.minimum-duration=0s");

    @Test
    void everyPressureAwareBeanIsToldTheLevelAtOnceAndEveryChangeAfterAndOnlyOnce() {
        runner.withUserConfiguration(Components.class)
                .withBean(ManualMemoryPressureMonitor.class, () -> new ManualMemoryPressureMonitor(
                        MemoryPressureLevel.MODERATE))
                .run(context -> {
                    Recorder recorder = context.getBean("recorder", Recorder.class);
                    assertThat(recorder.calls).containsExactly("NONE->MODERATE");

                    context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.LOW);

                    assertThat(recorder.calls).containsExactly("NONE->MODERATE", "MODERATE->LOW");
                    assertThat(context.getBeanFactory().getDependentBeans("recorder"))
                            .as("subscriptions end before the components are destroyed")
                            .containsExactly("memguardPressureAwareBeans");
                    assertThat(Components.lazyCreated).as("a lazy bean is not memguard's to create").isFalse();
                });
    }

    @Test
    void lowMemoryModeEmptiesThePoolAndShrinksTheRingBuffersUntilItIsLeft() {
        runner.withBean(ManualMemoryPressureMonitor.class)
                .withPropertyValues("memguard.ring-buffers.instances.audit.capacity=100").run(context -> {
            BufferPool pool = context.getBean(BufferPool.class);
            RingBuffer<?> audit = context.getBean(RingBufferRegistry.class).find("audit").orElseThrow();
            LowMemoryMode mode = context.getBean(LowMemoryMode.class);
            pool.release(pool.acquire(100));
            assertThat(pool.snapshot().retainedBytes()).isEqualTo(1024);

            mode.forceOn();
            assertThat(pool.snapshot().retainedBytes()).isZero();
            assertThat(pool.snapshot().retentionPaused()).isTrue();
            assertThat(audit.capacity()).isLessThan(100);

            mode.release();
            assertThat(pool.snapshot().retentionPaused()).isFalse();
            assertThat(audit.capacity()).isEqualTo(100);
        });
    }

    @Test
    void withTheAutomaticRuleOffOnlyAForcedModeRaisesTheLevel() {
        runner.withBean(ManualMemoryPressureMonitor.class).withPropertyValues("memguard.low-memory.enabled=false")
                .withUserConfiguration(Components.class)
                .run(context -> {
                    Recorder recorder = context.getBean("recorder", Recorder.class);
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);
                    BufferPool pool = context.getBean(BufferPool.class);

                    context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.HIGH);
                    assertThat(mode.isActive()).isFalse();
                    assertThat(pool.snapshot().retentionPaused()).isFalse();

                    mode.forceOn();
                    assertThat(pool.snapshot().retentionPaused()).isTrue();
                    assertThat(recorder.calls).as("a floor of NONE: the mode does not concern it")
                            .containsExactly("NONE->HIGH");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Components {

        static volatile boolean lazyCreated;

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        @Lazy
        PressureAware lazyComponent() {
            lazyCreated = true;
            return (previous, current) -> {
            };
        }
    }

    static final class Recorder implements PressureAware {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
            calls.add(previous + "->" + current);
        }
    }
}
