package io.memguard.spring.event;

import org.springframework.context.ApplicationEvent;

import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;

/**
 * Published for every memory alert: {@code WARNING} when pressure rises to HIGH, {@code CRITICAL} when it rises
 * to CRITICAL, {@code LEAK_SUSPECTED} when the heap after collection grows steadily. Each carries a message and
 * a suggested action:
 * <pre>{@code
 * @EventListener
 * void onAlert(MemoryAlertEvent event) {
 *     pager.send(event.getAlert().type() + ": " + event.getAlert().message());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class MemoryAlertEvent extends ApplicationEvent {

    private final MemoryAlert alert;

    /**
     * Creates the event.
     *
     * @param alerts the hub the alert was raised on
     * @param alert  the alert
     */
    public MemoryAlertEvent(MemoryAlerts alerts, MemoryAlert alert) {
        super(alerts);
        this.alert = alert;
    }

    /**
     * The alert: type, message, suggested action, level, time and the figures behind it.
     *
     * @return the alert
     */
    public MemoryAlert getAlert() {
        return alert;
    }

    /**
     * The kind of alert.
     *
     * @return the type
     */
    public MemoryAlert.Type getType() {
        return alert.type();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + alert.type() + ": " + alert.message() + "]";
    }
}
