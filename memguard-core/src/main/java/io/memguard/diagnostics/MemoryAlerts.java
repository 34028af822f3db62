package io.memguard.diagnostics;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every memguard alert goes: the sources ({@link #pressureAlerter(Clock)}, {@link HeapTrendDetector}) raise
 * alerts here, and this hub hands each to every registered listener, logs it, and counts it by type.
 *
 * <p>A listener that throws is logged and counted; the other listeners still hear the alert.
 *
 * @since 0.1.0
 */
public final class MemoryAlerts {

    private static final Logger logger = LoggerFactory.getLogger(MemoryAlerts.class);

    private final List<Consumer<MemoryAlert>> listeners = new CopyOnWriteArrayList<>();

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
    public void raise(MemoryAlert alert) {
        Objects.requireNonNull(alert, "alert");
        raised[alert.type().ordinal()].increment();
        logger.warn("Memory alert {}: {} Suggested action: {}", alert.type(), alert.message(),
                alert.suggestedAction());
        Listeners.notifyEach(listeners, listener -> listener.accept(alert), listenerFailures, logger, this);
    }

    /**
     * A component that raises a {@link MemoryAlert.Type#WARNING} here when the pressure level rises to {@code HIGH} and
     * a {@link MemoryAlert.Type#CRITICAL} when it rises to {@code CRITICAL}. Falling levels and repeated reports of the
     * same level raise nothing, so an operator hears once per episode. Subscribe it to the effective pressure level
     * like any other {@link PressureAware} component.
     *
     * @param clock stamps the alerts
     * @return the alerter
     */
    public PressureAware pressureAlerter(Clock clock) {
        return new PressureAlerter(this::raise, clock);
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
     * Registers a listener told of every alert from now on, on the thread that raised it: it must be quick and must
     * not block. A listener that throws is logged and counted; the other listeners still hear the alert.
     *
     * @param listener the listener; not {@code null}
     */
    public void addListener(Consumer<MemoryAlert> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    public void removeListener(Consumer<MemoryAlert> listener) {
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

    /**
     * Something an operator should hear about before it becomes an outage, with what to do about it.
     *
     * @param type            what kind of alert this is
     * @param message         what was observed, in one or two sentences
     * @param suggestedAction what the operator can do
     * @param level           the pressure level when the alert was raised
     * @param timestamp       when it was raised
     * @param details         the figures behind the alert, by name, in a stable order (for example
     *                        {@code growthBytesPerSecond})
     * @since 0.1.0
     */
    public record MemoryAlert(Type type, String message, String suggestedAction, MemoryPressureLevel level,
            Instant timestamp, Map<String, Object> details) {

        public MemoryAlert {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(suggestedAction, "suggestedAction");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(timestamp, "timestamp");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
        }

        /**
         * The kinds of memory alert.
         *
         * @since 0.1.0
         */
        public enum Type {

            /** The pressure level rose to {@code HIGH}: memory is short and memguard is giving memory back. */
            WARNING,

            /** The pressure level rose to {@code CRITICAL}: the JVM is close to failing and new work is shed. */
            CRITICAL,

            /** The heap after collection has grown steadily for long enough to suspect a leak. */
            LEAK_SUSPECTED
        }
    }
}
