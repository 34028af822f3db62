package io.memguard.spring.event;

import io.memguard.pressure.ContainerLimitChange;
import io.memguard.pressure.DefaultMemoryPressureMonitor;

import org.springframework.context.ApplicationEvent;

/**
 * Published as a Spring application event when the limits of this process's cgroup change while it runs, such as a
 * Kubernetes pod resized in place. The {@code container} signal already measures against the new limits; a listener
 * may resize what it sized from the old one (a cache, a pool, a quota).
 *
 * <p>Published on the monitor's polling thread, so a listener should be quick or hand work off with {@code @Async}.
 *
 * @since 0.2.0
 */
public class ContainerLimitChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient ContainerLimitChange change;

    /**
     * Creates an event for one change.
     *
     * @param monitor the monitor that found the change; the event's source
     * @param change  the old and new limits, and when
     */
    public ContainerLimitChangedEvent(DefaultMemoryPressureMonitor monitor, ContainerLimitChange change) {
        super(monitor);
        this.change = change;
    }

    /**
     * The old and new limits, and when the change was found.
     *
     * @return the change
     */
    public ContainerLimitChange change() {
        return change;
    }
}
