package io.memguard.spring.event;

import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;

/**
 * Bridges memory alerts to {@link MemoryAlertEvent}s while the context is open.
 *
 * @since 0.1.0
 */
public final class MemoryAlertEventPublisher implements Consumer<MemoryAlert>, DisposableBean {

    private final MemoryAlerts alerts;

    private final ApplicationEventPublisher publisher;

    /**
     * Starts publishing the alerts raised on {@code alerts}.
     *
     * @param alerts    the hub
     * @param publisher where events go
     */
    public MemoryAlertEventPublisher(MemoryAlerts alerts, ApplicationEventPublisher publisher) {
        this.alerts = alerts;
        this.publisher = publisher;
        alerts.addListener(this);
    }

    @Override
    public void accept(MemoryAlert alert) {
        publisher.publishEvent(new MemoryAlertEvent(alerts, alert));
    }

    @Override
    public void destroy() {
        alerts.removeListener(this);
    }
}
