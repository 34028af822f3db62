package io.memguard.protect;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.PressureAware;

/**
 * The one place that tells memguard's {@link PressureAware} components their effective pressure level: the level
 * the {@link MemoryPressureMonitor} measured, raised to each component's {@link PressureAware#lowMemoryFloor()
 * floor} while {@link LowMemoryMode} is on. It also feeds the measured level to the mode's automatic rule.
 *
 * <p>In plain Java, build one per monitor and subscribe each component:
 * <pre>{@code
 * EffectivePressure pressure = EffectivePressure.of(monitor, lowMemoryMode);
 * pressure.subscribe(bufferPool);
 * }</pre>
 * In Spring Boot, memguard's auto-configuration builds it and subscribes every {@code PressureAware} bean.
 *
 * <p>Closing it stops following the monitor and the mode; components are told nothing more.
 *
 * @since 0.1.0
 */
public final class EffectivePressure implements AutoCloseable {

    /*
     * Inputs (a measured level change, the mode turning on or off, a new subscription) may arrive on any thread,
     * also re-entrantly: telling the mode a level may turn it on, which is a new input. Each input bumps `pending`;
     * the thread that bumps it from zero drains: it computes every component's effective level from the current
     * inputs and tells those whose level differs from what they were told last, then drains again if more inputs
     * arrived meanwhile. So calls to components are serial and in order, no lock is held while a component runs
     * (the mode calls its listeners under its own lock, and a lock here would invert with it), and no input is
     * lost: an input that arrives during a drain is seen by the next pass of the same drain.
     */

    private static final Logger logger = LoggerFactory.getLogger(EffectivePressure.class);

    private final MemoryPressureMonitor monitor;

    // Null when following the monitor alone.
    private final @Nullable LowMemoryMode mode;

    private final Consumer<MemoryPressureChange> measured = change -> {
        feedMode();
        refresh();
    };

    private final Consumer<LowMemoryModeChange> modeListener = change -> refresh();

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private final AtomicInteger pending = new AtomicInteger();

    private final LongAdder failures = new LongAdder();

    private final Listeners.FailureHandler onFailure = Listeners.logAndCount(failures, logger, this);

    private volatile boolean closed;

    private EffectivePressure(MemoryPressureMonitor monitor, @Nullable LowMemoryMode mode) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.mode = mode;
    }

    // Outside the constructor, so that no other thread sees this object before it is complete.
    private EffectivePressure start() {
        monitor.addListener(measured);
        if (mode != null) {
            mode.addListener(modeListener);
            feedMode();
        }
        return this;
    }

    /**
     * Follows {@code monitor} alone: components are told the measured level.
     *
     * @param monitor the pressure monitor
     * @return a new effective pressure
     */
    public static EffectivePressure of(MemoryPressureMonitor monitor) {
        return new EffectivePressure(monitor, null).start();
    }

    /**
     * Follows {@code monitor} and {@code mode}: the mode is fed the measured level, and while it is on, components
     * are told at least their low-memory floor.
     *
     * @param monitor the pressure monitor
     * @param mode    the application's low-memory mode
     * @return a new effective pressure
     */
    public static EffectivePressure of(MemoryPressureMonitor monitor, LowMemoryMode mode) {
        return new EffectivePressure(monitor, Objects.requireNonNull(mode, "mode")).start();
    }

    /**
     * Subscribes a component: it is told its effective level now if that is above {@code NONE} (by this thread, or
     * by the pass another thread is making), and every change of it from now on, until the returned handle or this
     * object is closed; a call already under way when it is closed still completes.
     *
     * @param component the component
     * @return closes the subscription; closing it twice does nothing
     */
    public AutoCloseable subscribe(PressureAware component) {
        Subscription subscription = new Subscription(Objects.requireNonNull(component, "component"),
                Objects.requireNonNull(component.lowMemoryFloor(), "lowMemoryFloor"));
        subscriptions.add(subscription);
        refresh();
        return () -> {
            subscription.closed = true;
            subscriptions.remove(subscription);
        };
    }

    /**
     * The level {@code component} would be told now: the measured level, raised to its floor while low-memory mode
     * is on.
     *
     * @param component a component
     * @return its effective level
     */
    public MemoryPressureLevel levelFor(PressureAware component) {
        return effective(component.lowMemoryFloor());
    }

    /**
     * How many times a component threw when told its level.
     *
     * @return the number of failures
     */
    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        closed = true;
        monitor.removeListener(measured);
        if (mode != null) {
            mode.removeListener(modeListener);
        }
        subscriptions.clear();
    }

    private void feedMode() {
        if (mode != null && !closed) {
            mode.update(monitor.level());
        }
    }

    private MemoryPressureLevel effective(MemoryPressureLevel floor) {
        MemoryPressureLevel level = monitor.level();
        return (mode != null && mode.isActive() && floor.compareTo(level) > 0) ? floor : level;
    }

    private void refresh() {
        if (pending.getAndIncrement() != 0) {
            return;
        }
        try {
            drain();
        }
        catch (VirtualMachineError ex) {
            // Listeners rethrow a VirtualMachineError after counting it; let the next input drain again.
            pending.set(0);
            throw ex;
        }
    }

    private void drain() {
        int seen = 1;
        do {
            for (Subscription subscription : subscriptions) {
                if (closed) {
                    break;
                }
                if (subscription.closed) {
                    continue;
                }
                MemoryPressureLevel previous = subscription.told;
                MemoryPressureLevel current = effective(subscription.floor);
                if (current != previous) {
                    subscription.told = current;
                    Listeners.run(subscription.component, component -> component.onPressureLevel(previous, current),
                            onFailure);
                }
            }
            seen = pending.addAndGet(-seen);
        }
        while (seen != 0);
    }

    @Override
    public String toString() {
        return "EffectivePressure[level=" + monitor.level() + ", lowMemoryMode="
                + (mode != null && mode.isActive()) + ", components=" + subscriptions.size() + "]";
    }

    private static final class Subscription {

        final PressureAware component;

        final MemoryPressureLevel floor;

        // Written and read only by the draining thread; drains are ordered by `pending`.
        MemoryPressureLevel told = MemoryPressureLevel.NONE;

        volatile boolean closed;

        Subscription(PressureAware component, MemoryPressureLevel floor) {
            this.component = component;
            this.floor = floor;
        }
    }
}
