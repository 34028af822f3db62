package io.memguard.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.HeapFreeRatioLimiter;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.PressureSettings;
import io.memguard.pressure.PressureSettings.PressureThresholds;
import io.memguard.protect.EffectivePressure;
import io.memguard.spring.event.MemoryPressureChangedEvent;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

class MemguardAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class));

    @Test
    void startsTheMonitorWithTheContextAndClosesItWithTheContext() {
        DefaultMemoryPressureMonitor[] monitor = new DefaultMemoryPressureMonitor[1];
        runner.run((context) -> {
            assertThat(context).hasSingleBean(DefaultMemoryPressureMonitor.class)
                    .hasSingleBean(MemguardProperties.class)
                    .hasBean("memoryPressureEventPublisher")
                    .hasBean("containerLimitEventPublisher");
            monitor[0] = context.getBean(DefaultMemoryPressureMonitor.class);
            assertThat(monitor[0].isRunning()).isTrue();
            assertThat(monitor[0].snapshot().signals()).containsKey(MemorySignal.HEAP);
        });
        assertThat(monitor[0].isRunning()).isFalse();
    }

    @Test
    void subscribesTheHeapFreeRatioLimiterUnlessTurnedOff() {
        runner.run((context) -> {
            assertThat(context).hasSingleBean(HeapFreeRatioLimiter.class).hasSingleBean(EffectivePressure.class);
            assertThat(context.getBeanFactory().getDependentBeans("memguardHeapFreeRatioLimiter"))
                    .as("subscribed by PressureAwareBeans").containsExactly("memguardPressureAwareBeans");
        });
        runner.withPropertyValues("memguard.gc.heap-free-ratios.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(HeapFreeRatioLimiter.class)
                        .hasSingleBean(EffectivePressure.class));
    }

    @Test
    void defaultPropertiesGiveTheCoreDefaults() {
        runner.run((context) -> assertThat(context.getBean(DefaultMemoryPressureMonitor.class).settings())
                .isEqualTo(PressureSettings.defaults()));
    }

    @Test
    void memguardEnabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("memguard.enabled=false")
                .run((context) -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(MemoryPressureMonitor.class)
                        .doesNotHaveBean(MemguardProperties.class)
                        .doesNotHaveBean("memoryPressureEventPublisher"));
    }

    @Test
    void memguardEnabledFalseSkipsValidation() {
        runner.withPropertyValues("memguard.enabled=false", "memguard.pressure.interval=0s")
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void everyPressurePropertyReachesTheMonitor() {
        runner.withPropertyValues("memguard.pressure.interval=250ms", "memguard.pressure.hysteresis=0.02",
                "memguard.pressure.thresholds.low=0.5", "memguard.pressure.thresholds.moderate=0.6",
                "memguard.pressure.thresholds.high=0.7", "memguard.pressure.thresholds.critical=0.8",
                "memguard.pressure.psi.some.low=0.11", "memguard.pressure.psi.some.moderate=0.22",
                "memguard.pressure.psi.some.high=0.33", "memguard.pressure.psi.some.critical=0.44",
                "memguard.pressure.psi.full.low=0.05", "memguard.pressure.psi.full.moderate=0.1",
                "memguard.pressure.psi.full.high=0.15", "memguard.pressure.psi.full.critical=0.2",
                "memguard.pressure.signals.system.enabled=false", "memguard.pressure.signals.psi.enabled=false",
                "memguard.pressure.signals.heap.drives-level=true",
                "memguard.pressure.signals.container.drives-level=false",
                "memguard.pressure.signals.direct.enabled=false", "memguard.pressure.signals.direct.drives-level=false",
                "memguard.pressure.signals.heap-after-gc.drives-level=false",
                "memguard.pressure.gc-overhead.thresholds.low=0.1", "memguard.pressure.gc-overhead.thresholds.moderate=0.2",
                "memguard.pressure.gc-overhead.thresholds.high=0.3",
                "memguard.pressure.gc-overhead.thresholds.critical=0.4", "memguard.pressure.gc-overhead.window=30s",
                "memguard.pressure.signals.gc-overhead.drives-level=false",
                "memguard.pressure.live-set.measurement-enabled=false",
                "memguard.pressure.live-set.measurement-interval=7s",
                "memguard.pressure.live-set.measurement-pause-share=0.25",
                "memguard.pressure.fast-interval=50ms", "memguard.pressure.fast-from-level=high",
                "memguard.pressure.fast-rise-rate=0.1", "memguard.pressure.lead-time=750ms",
                "memguard.gc.hint-enabled=true", "memguard.gc.cooldown=1m").run((context) -> {
                    PressureSettings settings = context.getBean(DefaultMemoryPressureMonitor.class).settings();
                    assertThat(settings.interval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(settings.hysteresis()).isEqualTo(0.02);
                    assertThat(settings.thresholds()).isEqualTo(new PressureThresholds(0.5, 0.6, 0.7, 0.8));
                    assertThat(settings.psiSomeThresholds()).isEqualTo(new PressureThresholds(0.11, 0.22, 0.33, 0.44));
                    assertThat(settings.psiFullThresholds()).isEqualTo(new PressureThresholds(0.05, 0.1, 0.15, 0.2));
                    assertThat(settings.enabledSignals()).containsExactlyInAnyOrder(MemorySignal.HEAP_AFTER_GC,
                            MemorySignal.HEAP, MemorySignal.CONTAINER, MemorySignal.GC_OVERHEAD);
                    assertThat(settings.drivingSignals()).containsExactlyInAnyOrder(MemorySignal.HEAP,
                            MemorySignal.PSI);
                    assertThat(settings.gcHintEnabled()).isTrue();
                    assertThat(settings.gcHintCooldown()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(settings.gcOverheadThresholds()).isEqualTo(new PressureThresholds(0.1, 0.2, 0.3, 0.4));
                    assertThat(settings.gcOverheadWindow()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(settings.liveSetMeasurementEnabled()).isFalse();
                    assertThat(settings.liveSetMeasurementInterval()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(settings.liveSetMeasurementPauseShare()).isEqualTo(0.25);
                    assertThat(settings.fastInterval()).isEqualTo(Duration.ofMillis(50));
                    assertThat(settings.fastFromLevel()).isEqualTo(MemoryPressureLevel.HIGH);
                    assertThat(settings.fastRiseRate()).isEqualTo(0.1);
                    assertThat(settings.leadTime()).isEqualTo(Duration.ofMillis(750));
                    assertThat(context.getBean(DefaultMemoryPressureMonitor.class).snapshot().signals())
                            .doesNotContainKeys(MemorySignal.SYSTEM, MemorySignal.PSI, MemorySignal.DIRECT);
                });
    }

    @Test
    void backsOffFromAUserMonitorAndBridgesItsEvents() {
        ManualMemoryPressureMonitor userMonitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE);
        runner.withBean(MemoryPressureMonitor.class, () -> userMonitor)
                .withUserConfiguration(RecordingListenerConfiguration.class)
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(DefaultMemoryPressureMonitor.class)
                            .hasBean("memoryPressureEventPublisher");
                    MemorySnapshot high = MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH);
                    userMonitor.setSnapshot(high);
                    List<MemoryPressureChangedEvent> events = context.getBean(RecordingListener.class).events;
                    assertThat(events).singleElement().satisfies((event) -> {
                        assertThat(event.previous()).isEqualTo(MemoryPressureLevel.NONE);
                        assertThat(event.current()).isEqualTo(MemoryPressureLevel.HIGH);
                        assertThat(event.snapshot()).isSameAs(high);
                        assertThat(event.drivingSignal()).contains(MemorySignal.HEAP_AFTER_GC);
                        assertThat(event.isRising()).isTrue();
                        assertThat(event.getSource()).isSameAs(userMonitor);
                    });
                });
        assertThat(userMonitor.listeners()).as("the bridge unregisters when the context closes").isEmpty();
    }

    @Test
    void aUserBeanOfTheBridgesNameReplacesIt() {
        ManualMemoryPressureMonitor userMonitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE);
        Object replacement = new Object();
        runner.withBean(MemoryPressureMonitor.class, () -> userMonitor)
                .withBean("memoryPressureEventPublisher", Object.class, () -> replacement)
                .withUserConfiguration(RecordingListenerConfiguration.class)
                .run((context) -> {
                    assertThat(context.getBean("memoryPressureEventPublisher")).isSameAs(replacement);
                    userMonitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.HIGH));
                    assertThat(context.getBean(RecordingListener.class).events).as("no bridge publishes").isEmpty();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingListenerConfiguration {

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }
    }

    static class RecordingListener {

        final List<MemoryPressureChangedEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void onPressureChange(MemoryPressureChangedEvent event) {
            events.add(event);
        }
    }
}
