package io.memguard.spring.event;

import java.util.Optional;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;

import org.springframework.context.ApplicationEvent;

/**
 * Published as a Spring application event whenever the memory pressure level changes, so that any bean can
 * react with {@code @EventListener}:
 *
 * <pre class="code">
 * &#64;EventListener
 * void onPressureChange(MemoryPressureChangedEvent event) {
 *     if (event.current().isAtLeast(MemoryPressureLevel.HIGH)) {
 *         cache.invalidateAll();
 *     }
 * }
 * </pre>
 *
 * <p>The event is published on the thread that detected the change (a GC notification thread or the
 * polling thread), so a listener should be quick or hand work off with {@code @Async}.
 *
 * @since 0.1.0
 */
public class MemoryPressureChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient MemoryPressureChange change;

    /**
     * Creates an event for one level change.
     *
     * @param monitor the monitor that detected the change; the event's source
     * @param change  the change
     */
    public MemoryPressureChangedEvent(MemoryPressureMonitor monitor, MemoryPressureChange change) {
        super(monitor);
        this.change = change;
    }

    /**
     * The level before the change.
     *
     * @return the previous level
     */
    public MemoryPressureLevel previous() {
        return change.previous();
    }

    /**
     * The level after the change.
     *
     * @return the current level
     */
    public MemoryPressureLevel current() {
        return change.current();
    }

    /**
     * The observation that caused the change, with every signal.
     *
     * @return the snapshot
     */
    public MemorySnapshot snapshot() {
        return change.snapshot();
    }

    /**
     * The signal that set the new level.
     *
     * @return the driving signal, or empty when no driving signal is enabled
     */
    public Optional<MemorySignal> drivingSignal() {
        return Optional.ofNullable(change.snapshot().drivingSignal());
    }

    /**
     * Whether the new level was raised by the driving signal's projected growth: it is expected to cross the level's
     * threshold within {@code memguard.pressure.lead-time}, and its ratio alone gives a lower level.
     *
     * @return {@code true} when the projection set the level
     * @since 0.2.0
     */
    public boolean projected() {
        return change.snapshot().projected();
    }

    /**
     * Whether the level got worse.
     *
     * @return {@code true} when {@link #current()} is worse than {@link #previous()}
     */
    public boolean isRising() {
        return change.isRising();
    }

    /**
     * The core change this event carries.
     *
     * @return the change
     */
    public MemoryPressureChange change() {
        return change;
    }

    @Override
    public String toString() {
        return "MemoryPressureChangedEvent[" + previous() + " -> " + current() + (projected() ? ", projected" : "")
                + "]";
    }
}
