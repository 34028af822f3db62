package io.memguard.autoconfigure.diagnostics;

import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.PressureAware;
import io.memguard.spring.event.EventBridge;
import io.memguard.spring.event.MemoryAlertEvent;
import io.memguard.spring.metrics.MemoryAlertMetrics;

/**
 * Auto-configuration of memory alerts: the {@link MemoryAlerts} hub, the pressure alerter
 * ({@link MemoryAlerts#pressureAlerter}) that raises WARNING and CRITICAL from the pressure monitor,
 * {@link MemoryAlertEvent}s and alert metrics. The leak detector raises its alerts on the same hub.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = MemguardAutoConfiguration.class)
@ConditionalOnMemguardEnabled
@ConditionalOnClass(MemoryAlerts.class)
public final class MemoryAlertsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MemoryAlerts memoryAlerts() {
        return new MemoryAlerts();
    }

    @Bean
    @ConditionalOnMissingBean(name = "pressureAlerter")
    @ConditionalOnBean(MemoryPressureMonitor.class)
    PressureAware pressureAlerter(MemoryAlerts alerts) {
        return alerts.pressureAlerter(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean(name = "memoryAlertEventPublisher")
    EventBridge<MemoryAlert> memoryAlertEventPublisher(MemoryAlerts alerts, ApplicationEventPublisher publisher) {
        return EventBridge.start(publisher, alerts::addListener, alerts::removeListener,
                (alert) -> new MemoryAlertEvent(alerts, alert));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MemoryAlertMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MemoryAlertMetrics memoryAlertMetrics(MemoryAlerts alerts) {
            return new MemoryAlertMetrics(alerts);
        }
    }
}
