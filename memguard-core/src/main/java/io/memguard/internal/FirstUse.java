package io.memguard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;

/**
 * Actions that wait for the first use of a component, such as the meters of a buffer pool that nobody has acquired
 * from yet: each runs once, on the thread that first uses the component, or at once when it is already in use.
 *
 * <p>After the first use, {@link #markUsed()} costs one volatile read, so it can sit on a hot path.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class FirstUse {

    private final LongAdder failures;

    private final Logger logger;

    private final Object owner;

    private volatile boolean used;

    /** Guarded by {@code this}; {@code null} once used. */
    private final List<Runnable> pending = new ArrayList<>();

    /**
     * Creates the tracker of a component.
     *
     * @param failures counts the actions that threw
     * @param logger   where a failing action is logged
     * @param owner    the component, for the log
     */
    public FirstUse(LongAdder failures, Logger logger, Object owner) {
        this.failures = Objects.requireNonNull(failures, "failures");
        this.logger = Objects.requireNonNull(logger, "logger");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Runs {@code action} at the first use, or now if the component is already used.
     *
     * @param action what to do; one that throws is logged and counted
     */
    public void whenUsed(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            if (!used) {
                pending.add(action);
                return;
            }
        }
        Listeners.notifyEach(List.of(action), Runnable::run, failures, logger, owner);
    }

    /**
     * Records a use; the first one runs the waiting actions.
     */
    public void markUsed() {
        if (used) {
            return;
        }
        List<Runnable> actions;
        synchronized (this) {
            if (used) {
                return;
            }
            actions = List.copyOf(pending);
            pending.clear();
            used = true;
        }
        Listeners.notifyEach(actions, Runnable::run, failures, logger, owner);
    }

    /**
     * Whether the component has been used.
     *
     * @return {@code true} after the first {@link #markUsed()}
     */
    public boolean isUsed() {
        return used;
    }
}
