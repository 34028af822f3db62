package io.memguard.autoconfigure;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.HeapFreeRatioLimiter;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.PressureAware;
import io.memguard.pressure.PressureSettings;
import io.memguard.protect.EffectivePressure;
import io.memguard.protect.LowMemoryMode;
import io.memguard.spring.event.ContainerLimitChangedEvent;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.event.MemoryPressureChangedEvent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the memguard memory pressure monitor: the root every other memguard
 * auto-configuration is ordered after.
 *
 * <p>The monitor is built from {@link MemguardProperties}, takes its first observation as soon as it is created
 * (so that every bean created after it, the meter binder included, sees real signals), and is closed with the
 * context. Its level changes are published as
 * {@link io.memguard.spring.event.MemoryPressureChangedEvent application events}, and so are the changes of
 * the container's limits ({@link io.memguard.spring.event.ContainerLimitChangedEvent}). Under pressure in a
 * memory-limited container, a {@link HeapFreeRatioLimiter} lowers the heap free ratios
 * ({@code memguard.gc.heap-free-ratios.*}).
 *
 * <p>Every {@link PressureAware} bean is subscribed, in one place, to the {@link EffectivePressure}: the measured
 * level raised to the component's floor while {@link LowMemoryMode} is on. A feature only declares its component
 * as a bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnMemguardEnabled
@EnableConfigurationProperties(MemguardProperties.class)
@Import(PropertyChecks.Origins.class)
public final class MemguardAutoConfiguration {

    // Either this monitor or the application's exists from here on: the beans below need no condition on it (each
    // would be a type search over every bean definition at start-up).
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MemoryPressureMonitor.class)
    DefaultMemoryPressureMonitor memoryPressureMonitor(MemguardProperties properties) {
        return DefaultMemoryPressureMonitor.builder().settings(pressureSettings(properties)).build().start();
    }

    /** The core settings the properties describe; the properties checked their values while they were bound. */
    static PressureSettings pressureSettings(MemguardProperties properties) {
        MemguardProperties.Pressure pressure = properties.getPressure();
        PressureSettings.Builder settings = PressureSettings.builder()
                .interval(pressure.getInterval())
                .hysteresis(pressure.getHysteresis())
                .thresholds(pressure.getThresholds().toPressureThresholds())
                .psiSomeThresholds(pressure.getPsi().getSome().toPressureThresholds())
                .psiFullThresholds(pressure.getPsi().getFull().toPressureThresholds())
                .gcHintEnabled(properties.getGc().isHintEnabled())
                .gcHintCooldown(properties.getGc().getCooldown())
                .gcOverheadThresholds(pressure.getGcOverhead().getThresholds().toPressureThresholds())
                .gcOverheadWindow(pressure.getGcOverhead().getWindow())
                .liveSetMeasurementEnabled(pressure.getLiveSet().isMeasurementEnabled())
                .liveSetMeasurementInterval(pressure.getLiveSet().getMeasurementInterval())
                .liveSetMeasurementPauseShare(pressure.getLiveSet().getMeasurementPauseShare())
                .fastInterval(pressure.getFastInterval())
                .fastFromLevel(pressure.getFastFromLevel())
                .fastRiseRate(pressure.getFastRiseRate())
                .leadTime(pressure.getLeadTime());
        for (MemorySignal signal : MemorySignal.values()) {
            MemguardProperties.Signal signalProperties = pressure.getSignals().get(signal);
            settings.signalEnabled(signal, signalProperties.isEnabled())
                    .signalDrivesLevel(signal, signalProperties.isDrivesLevel());
        }
        return settings.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = "memoryPressureEventPublisher")
    EventBridge<MemoryPressureChange> memoryPressureEventPublisher(MemoryPressureMonitor monitor,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, monitor::addListener, monitor::removeListener,
                (change) -> new MemoryPressureChangedEvent(monitor, change));
    }

    @Bean
    @ConditionalOnBean(DefaultMemoryPressureMonitor.class)
    @ConditionalOnMissingBean(name = "containerLimitEventPublisher")
    EventBridge<ContainerLimitChange> containerLimitEventPublisher(DefaultMemoryPressureMonitor monitor,
            ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, monitor::addContainerLimitListener, monitor::removeContainerLimitListener,
                (change) -> new ContainerLimitChangedEvent(monitor, change));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "memguard.gc.heap-free-ratios.enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    HeapFreeRatioLimiter memguardHeapFreeRatioLimiter(MemguardProperties properties,
            MemoryPressureMonitor monitor) {
        MemguardProperties.HeapFreeRatios ratios = properties.getGc().getHeapFreeRatios();
        return HeapFreeRatioLimiter.forRunningJvm(ratios.getFromLevel(), ratios.getExitLevel(), ratios.getMin(),
                ratios.getMax(), () -> monitor.snapshot().container() != null);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EffectivePressure memguardEffectivePressure(MemoryPressureMonitor monitor, ObjectProvider<LowMemoryMode> mode) {
        LowMemoryMode lowMemoryMode = mode.getIfUnique();
        return (lowMemoryMode != null) ? EffectivePressure.of(monitor, lowMemoryMode) : EffectivePressure.of(monitor);
    }

    @Bean
    PressureAwareBeans memguardPressureAwareBeans(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<EffectivePressure> pressure) {
        return new PressureAwareBeans(beanFactory, pressure);
    }

}
