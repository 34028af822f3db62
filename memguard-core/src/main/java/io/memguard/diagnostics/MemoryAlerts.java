package io.memguard.diagnostics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.memguard.internal.Listeners;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every memguard alert goes: the sources ({@link PressureAlerter}, {@link HeapTrendDetector}) raise
 * alerts here, and this hub hands each to every registered listener, logs it, and counts it by type.
 *
 * <p>A listener that throws is logged and counted; the other listeners still hear the alert.
 *
 * @since 0.1.0
 */
public final class MemoryAlerts implements MemoryAlertListener {

    private static final Logger logger = LoggerFactory.getLogger(MemoryAlerts.class);

    private final List<MemoryAlertListener> listeners = new CopyOnWriteArrayList<>();

    /** One adder per alert type, indexed by ordinal. */
    private final LongAdder[] raised = new LongAdder[MemoryAlert.Type.values().length];

    private final LongAdder listenerFailures = new LongAdder();

    /**
     * Creates a hub with no listeners.
     */
    public MemoryAlerts() {
        Arrays.setAll(raised, index -> new LongAdder());
    }

    /**
     * Raises an alert: logs it, counts it and tells every listener.
     *
     * @param alert the alert
     */
    @Override
    public void onAlert(MemoryAlert alert) {
        Objects.requireNonNull(alert, "alert");
        raised[alert.type().ordinal()].increment();
        logger.warn("Memory alert {}: {} Suggested action: {}", alert.type(), alert.message(),
                alert.suggestedAction());
        Listeners.notifyEach(listeners, listener -> listener.onAlert(alert), listenerFailures, logger, this);
    }

    /**
     * How many alerts of a type were raised since this hub was created.
     *
     * @param type the type
     * @return the count
     */
    public long raised(MemoryAlert.Type type) {
        return raised[type.ordinal()].sum();
    }

    /**
     * Registers a listener told of every alert from now on.
     *
     * @param listener the listener; not {@code null}
     */
    public void addListener(MemoryAlertListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    public void removeListener(MemoryAlertListener listener) {
        listeners.remove(listener);
    }

    /**
     * How many times a listener threw since this hub was created.
     *
     * @return the number of listener failures
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }
}
