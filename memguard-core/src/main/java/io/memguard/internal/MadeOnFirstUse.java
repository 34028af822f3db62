package io.memguard.internal;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A component made on its first use, for the wrappers that keep an unused part of memguard from costing anything at
 * start-up (its classes, its threads, its memory).
 *
 * <p>Until the component is made, a wrapper records what the component must learn at birth (listeners, the last
 * pressure change, a close) with {@link #recordOrForward}; the factory replays it. The factory and every record run
 * under one lock, so nothing recorded is missed by the component or told to it twice. Once made, {@link #get()} costs
 * one volatile read.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @param <T> the type of the component
 * @since 0.1.0
 */
public final class MadeOnFirstUse<T> {

    /** Makes the component and tells it what was recorded; runs once, under {@code lock}. */
    private final Supplier<T> factory;

    private final Object lock = new Object();

    private volatile @Nullable T made;

    /**
     * Creates the holder; nothing is made yet.
     *
     * @param factory makes the component and replays what was recorded for it; it runs under the lock that guards
     *                the records
     */
    public MadeOnFirstUse(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * The component, made now if it is not yet.
     *
     * @return the component
     */
    public T get() {
        T component = made;
        if (component != null) {
            return component;
        }
        synchronized (lock) {
            T current = made;
            if (current == null) {
                current = Objects.requireNonNull(factory.get(), "the factory made nothing");
                made = current;
            }
            return current;
        }
    }

    /**
     * Whether the component has been made.
     *
     * @return {@code true} once made
     */
    public boolean isMade() {
        return made != null;
    }

    /**
     * Before the component is made, runs {@code record} under the lock (for the factory to replay); after, hands the
     * component to {@code forward}, outside the lock.
     *
     * @param record  what to remember for the component's birth
     * @param forward what to do to the component once it exists
     */
    public void recordOrForward(Runnable record, Consumer<? super T> forward) {
        T component = made;
        if (component == null) {
            synchronized (lock) {
                component = made;
                if (component == null) {
                    record.run();
                    return;
                }
            }
        }
        forward.accept(component);
    }
}
