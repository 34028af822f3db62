package io.memguard.autoconfigure.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LowMemoryMode;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;
import io.memguard.ringbuffer.RingBufferRegistry;
import io.memguard.spring.actuate.RingBuffersEndpointSection;
import io.memguard.spring.metrics.RingBufferMeterBinder;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RingBufferAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class,
                    RingBufferAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    @Test
    void providesTheRegistryTheEndpointSectionAndTheMeterBinder() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RingBufferRegistry.class)
                    .hasSingleBean(RingBuffersEndpointSection.class)
                    .hasSingleBean(RingBufferMeterBinder.class)
                    .doesNotHaveBean(RingBuffer.class);
            assertThat(context.getBean(RingBuffersEndpointSection.class).name()).isEqualTo("ring-buffers");
        });
    }

    @Test
    void backsOffWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false", "memguard.ring-buffers.instances.audit.capacity=8")
                .run(context -> assertThat(context).doesNotHaveBean(RingBufferRegistry.class)
                        .doesNotHaveBean(RingBuffer.class));
    }

    @Test
    void noMeterBinderWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).hasSingleBean(RingBufferRegistry.class)
                        .doesNotHaveBean(RingBufferMeterBinder.class));
    }

    @Test
    void eachConfiguredInstanceIsABeanOfItsNameAndIsInTheRegistry() {
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=8",
                "memguard.ring-buffers.instances.alerts.policy=DROP_NEWEST")
                .withUserConfiguration(AuditConsumer.class)
                .run(context -> {
                    RingBuffer<?> audit = context.getBean("audit", RingBuffer.class);
                    assertThat(audit.name()).isEqualTo("audit");
                    assertThat(audit.capacity()).isEqualTo(8);
                    assertThat(context.getBean("alerts", RingBuffer.class).policy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
                    assertThat(context.getBean(AuditConsumer.class).buffer).isSameAs(audit);
                    assertThat(context.getBean(RingBufferRegistry.class).buffers()).extracting(RingBuffer::name)
                            .containsExactly("alerts", "audit");
                });
    }

    @Test
    void instancesInheritTheDefaultsAndOverrideThem() {
        runner.withPropertyValues("memguard.ring-buffers.defaults.capacity=16",
                "memguard.ring-buffers.defaults.policy=RESIZE",
                "memguard.ring-buffers.defaults.max-capacity=64",
                "memguard.ring-buffers.defaults.fallback-policy=DROP_NEWEST",
                "memguard.ring-buffers.instances.audit.policy=RESIZE",
                "memguard.ring-buffers.instances.alerts.capacity=4",
                "memguard.ring-buffers.instances.alerts.policy=BLOCK_WITH_TIMEOUT",
                "memguard.ring-buffers.instances.alerts.timeout=5ms",
                "memguard.ring-buffers.instances.alerts.watermarks.high=0.5",
                "memguard.ring-buffers.instances.alerts.watermarks.low=0.25",
                "memguard.ring-buffers.instances.alerts.pressure.high-fraction=0.75",
                "memguard.ring-buffers.instances.alerts.pressure.critical-fraction=0.5")
                .run(context -> {
                    RingBuffer<String> audit = buffer(context, "audit");
                    assertThat(audit.capacity()).isEqualTo(16);
                    assertThat(audit.metrics().maxCapacity()).isEqualTo(64);
                    RingBuffer<String> alerts = buffer(context, "alerts");
                    assertThat(alerts.capacity()).isEqualTo(4);
                    assertThat(alerts.policy()).isEqualTo(OverflowPolicy.BLOCK_WITH_TIMEOUT);
                    alerts.offer("a");
                    alerts.offer("b");
                    assertThat(alerts.isPressured()).isTrue();
                    alerts.offer("c");
                    alerts.offer("d");
                    assertThat(alerts.offer("e")).isEqualTo(RingBuffer.OfferOutcome.REJECTED);
                    assertThat(alerts.metrics().dropped(DropReason.TIMEOUT)).isEqualTo(1);
                    alerts.adjustTo(MemoryPressureLevel.HIGH);
                    assertThat(alerts.capacity()).isEqualTo(3);
                    alerts.adjustTo(MemoryPressureLevel.CRITICAL);
                    assertThat(alerts.capacity()).isEqualTo(2);
                });
    }

    @Test
    void customizersAddWhatPropertiesCannot() {
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=1")
                .withUserConfiguration(DropRecorder.class)
                .run(context -> {
                    RingBuffer<String> audit = buffer(context, "audit");
                    audit.offer("first");
                    audit.offer("second");
                    assertThat(context.getBean(DropRecorder.class).drops).containsExactly("audit:first:DROP_OLDEST");
                });
    }

    @Test
    void buffersFollowTheMemoryPressureMonitor() {
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=100")
                .withBean(ManualMemoryPressureMonitor.class, ManualMemoryPressureMonitor::new)
                .run(context -> {
                    RingBuffer<String> audit = buffer(context, "audit");
                    ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(audit.capacity()).isEqualTo(25);
                    monitor.setLevel(MemoryPressureLevel.NONE);
                    assertThat(audit.capacity()).isEqualTo(100);
                    context.close();
                    assertThat(monitor.listeners()).isEmpty();
                });
    }

    @Test
    void aUserRegistryIsUsedAndStillGetsTheConfiguredInstances() {
        RingBufferRegistry own = new RingBufferRegistry();
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=8")
                .withBean(RingBufferRegistry.class, () -> own)
                .run(context -> {
                    assertThat(context).getBean(RingBufferRegistry.class).isSameAs(own);
                    assertThat(own.find("audit")).containsSame(context.getBean("audit", RingBuffer.class));
                });
    }

    @Test
    void aBeanOfTheSameNameFailsStartUpWithTheFix() {
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=8")
                .withBean("audit", String.class, () -> "taken")
                .run(context -> StartupFailures.assertRejectedValue(context, "memguard.ring-buffers.instances.audit",
                        "audit", "the ring buffer cannot be declared as a bean: a bean named 'audit' exists already;"
                                + " rename the ring buffer, or the bean"));
    }

    @Test
    void theDeclaredProducersAndConsumersPickTheAlgorithm() {
        runner.withPropertyValues("memguard.ring-buffers.defaults.consumers=SINGLE",
                "memguard.ring-buffers.instances.audit.capacity=8",
                "memguard.ring-buffers.instances.metrics.producers=single",
                "memguard.ring-buffers.instances.shared.consumers=MULTI",
                "memguard.ring-buffers.instances.alone.producers=SINGLE",
                "memguard.ring-buffers.instances.alone.consumers=MULTI")
                .run(context -> {
                    assertThat(buffer(context, "audit").getClass().getSimpleName()).isEqualTo("MpscRingBuffer");
                    assertThat(buffer(context, "metrics").getClass().getSimpleName()).isEqualTo("SpscRingBuffer");
                    assertThat(buffer(context, "shared").getClass().getSimpleName()).isEqualTo("ConcurrentRingBuffer");
                    // A single producer alone has no algorithm of its own: many producers, many consumers.
                    assertThat(buffer(context, "alone").getClass().getSimpleName()).isEqualTo("ConcurrentRingBuffer");
                    RingBuffer<String> metrics = buffer(context, "metrics");
                    metrics.offer("a");
                    assertThat(metrics.poll()).isEqualTo("a");
                });
    }

    @Test
    void badInstanceValuesFailStartUpNamingTheProperty() {
        assertInvalid("memguard.ring-buffers.instances.audit.capacity", "0",
                "capacity must be between 1 and 1073741824, was 0",
                "memguard.ring-buffers.instances.audit.capacity=0");
        assertInvalid("memguard.ring-buffers.instances.audit.timeout", "PT0S", "timeout must be positive, was PT0S",
                "memguard.ring-buffers.instances.audit.timeout=0s");
        assertInvalid("memguard.ring-buffers.instances.audit.fallback-policy", "RESIZE",
                "fallbackPolicy must not be RESIZE: it applies when the buffer cannot grow",
                "memguard.ring-buffers.instances.audit.fallback-policy=RESIZE");
        assertInvalid("memguard.ring-buffers.instances.audit.watermarks.low", "0.9",
                "lowWatermark must be at least 0 and below highWatermark (0.8), was 0.9",
                "memguard.ring-buffers.instances.audit.watermarks.low=0.9");
        assertInvalid("memguard.ring-buffers.instances.audit.pressure.critical-fraction", "0.75",
                "criticalPressureFraction must not exceed highPressureFraction (0.5), was 0.75",
                "memguard.ring-buffers.instances.audit.pressure.critical-fraction=0.75");
        // Valid alone, wrong together: found when the buffer is built, still before the application starts.
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.capacity=8",
                "memguard.ring-buffers.instances.audit.policy=RESIZE",
                "memguard.ring-buffers.instances.audit.max-capacity=4")
                .run(context -> StartupFailures.assertRejectedValue(context,
                        "memguard.ring-buffers.instances.audit.max-capacity", "4",
                        "maxCapacity (4) must not be below capacity (8)"));
    }

    @Test
    void badDefaultsFailStartUpEvenWithoutInstances() {
        // Each setting that can be wrong alone, set alone: none may escape the check of the defaults.
        assertInvalid("memguard.ring-buffers.defaults.capacity", "0", "capacity must be between 1 and 1073741824, was 0",
                "memguard.ring-buffers.defaults.capacity=0");
        assertInvalid("memguard.ring-buffers.defaults.timeout", "PT0S", "timeout must be positive, was PT0S",
                "memguard.ring-buffers.defaults.timeout=0s");
        assertInvalid("memguard.ring-buffers.defaults.fallback-policy", "RESIZE",
                "fallbackPolicy must not be RESIZE: it applies when the buffer cannot grow",
                "memguard.ring-buffers.defaults.fallback-policy=RESIZE");
        assertInvalid("memguard.ring-buffers.defaults.watermarks.low", "0.9",
                "lowWatermark must be at least 0 and below highWatermark (0.8), was 0.9",
                "memguard.ring-buffers.defaults.watermarks.low=0.9");
        assertInvalid("memguard.ring-buffers.defaults.pressure.critical-fraction", "0.75",
                "criticalPressureFraction must not exceed highPressureFraction (0.5), was 0.75",
                "memguard.ring-buffers.defaults.pressure.critical-fraction=0.75");
        assertInvalid("memguard.ring-buffers.defaults.watermarks.high", "1.5", "highWatermark must be in (0, 1], was 1.5",
                "memguard.ring-buffers.defaults.watermarks.high=1.5");
        assertInvalid("memguard.ring-buffers.defaults.pressure.high-fraction", "0.0",
                "highPressureFraction must be in (0, 1], was 0.0",
                "memguard.ring-buffers.defaults.pressure.high-fraction=0");
    }

    @Test
    void aPairThatTakesAMemberFromTheDefaultsIsCheckedWhileBinding() {
        // Each value is valid beside the built-in default of its pair (watermarks 0.8 and 0.5, fractions 0.5 and 0.25).
        assertInvalid("memguard.ring-buffers.defaults.watermarks.low", "0.7",
                "lowWatermark must be at least 0 and below highWatermark (0.6), was 0.7",
                "memguard.ring-buffers.defaults.watermarks.low=0.7",
                "memguard.ring-buffers.instances.audit.watermarks.high=0.6");
        runner.withPropertyValues("memguard.ring-buffers.defaults.pressure.high-fraction=0.3",
                "memguard.ring-buffers.instances.audit.pressure.critical-fraction=0.4").run((context) -> {
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
                    assertThat(StartupFailures.analysisOf(context).getDescription()).contains(String.join(
                            System.lineSeparator(),
                            "    Property: memguard.ring-buffers.instances[audit].pressure.critical-fraction",
                            "    Value: \"0.4\"", "    Origin: \"memguard.ring-buffers.instances.audit.pressure"
                                    + ".critical-fraction\" from property source \"test\"",
                            "    Reason: criticalPressureFraction must not exceed highPressureFraction (0.3), was 0.4"));
                });
        // Each group alone is valid, and an instance that sets both members takes nothing from the defaults.
        runner.withPropertyValues("memguard.ring-buffers.defaults.watermarks.low=0.7",
                "memguard.ring-buffers.instances.audit.watermarks.high=0.9",
                "memguard.ring-buffers.instances.own.watermarks.high=0.3",
                "memguard.ring-buffers.instances.own.watermarks.low=0.1")
                .run((context) -> assertThat(context).hasNotFailed().hasBean("audit").hasBean("own"));
    }

    @Test
    void aCapacityThatOnlyACustomizerSetFailsStartUpWithTheBuildersOwnMessage() {
        // No capacity property to blame: the builder's exception must come through, not a NullPointerException.
        runner.withPropertyValues("memguard.ring-buffers.instances.audit.policy=RESIZE")
                .withBean(RingBufferCustomizer.class, () -> (name, builder) -> builder.capacity(8).maxCapacity(4))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("maxCapacity (4) must not be below capacity (8)"));
    }

    private void assertInvalid(String property, String value, String reason, String... properties) {
        StartupFailures.assertInvalidProperty(runner, property, value, reason, properties);
    }

    @SuppressWarnings("unchecked")
    private static RingBuffer<String> buffer(AssertableApplicationContext context, String name) {
        return context.getBean(name, RingBuffer.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditConsumer {

        RingBuffer<String> buffer;

        @Bean
        String auditConsumer(@Qualifier("audit") RingBuffer<String> audit) {
            this.buffer = audit;
            return "consumer";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DropRecorder {

        final List<String> drops = new CopyOnWriteArrayList<>();

        @Bean
        RingBufferCustomizer recordDrops() {
            return (name, builder) -> builder.dropHandler((item, reason) -> drops.add(name + ":" + item + ":" + reason));
        }
    }

    @Test
    void lowMemoryModeShrinksEveryBufferAsAtHighAndRestoresItWhenLeft() {
        runner.withConfiguration(AutoConfigurations.of(LowMemoryModeAutoConfiguration.class))
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE))
                .withPropertyValues("memguard.ring-buffers.instances.audit.capacity=100")
                .run(context -> {
                    RingBuffer<String> audit = buffer(context, "audit");
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);

                    mode.forceOn();
                    assertThat(audit.capacity()).as("the default high-fraction keeps half").isEqualTo(50);
                    assertThat(context.getBean(RingBuffersEndpointSection.class).describe().buffers().get("audit")
                            .capacity()).isEqualTo(50);

                    mode.release();
                    assertThat(audit.capacity()).isEqualTo(100);
                });
    }
}
