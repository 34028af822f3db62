package io.memguard.spring.event;

import org.springframework.context.ApplicationEvent;

import io.memguard.protect.LowMemoryMode;
import io.memguard.protect.LowMemoryModeChange;

/**
 * Published when low-memory mode is entered or left. Catch it with {@code @EventListener}:
 * <pre>{@code
 * @EventListener
 * void onLowMemoryMode(LowMemoryModeChangedEvent event) {
 *     log.info("{}", event.getChange().describe());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class LowMemoryModeChangedEvent extends ApplicationEvent {

    private final LowMemoryModeChange change;

    /**
     * Creates the event.
     *
     * @param mode   the low-memory mode that changed
     * @param change the change
     */
    public LowMemoryModeChangedEvent(LowMemoryMode mode, LowMemoryModeChange change) {
        super(mode);
        this.change = change;
    }

    /**
     * The change: whether the mode is on now, why, at which level and when.
     *
     * @return the change
     */
    public LowMemoryModeChange getChange() {
        return change;
    }

    /**
     * Whether the mode was entered (rather than left).
     *
     * @return {@code true} when the mode turned on
     */
    public boolean isEntered() {
        return change.entered();
    }

    /**
     * Why the mode changed.
     *
     * @return the cause
     */
    public LowMemoryModeChange.Cause getCause() {
        return change.cause();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + change.describe() + "]";
    }
}
