package io.memguard.test.pressure;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.memguard.internal.Listeners;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MemoryPressureMonitor} whose level, or whole snapshot, is set by hand: a test double, for tests of code
 * that reacts to memory pressure, with no heap to fill and nothing to wait for. Not for production: nothing measures
 * memory here.
 *
 * <pre>{@code
 * ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
 * component.subscribeTo(monitor);
 * monitor.setLevel(MemoryPressureLevel.CRITICAL); // the listeners are told before this returns
 * }</pre>
 *
 * <p>Like {@link DefaultMemoryPressureMonitor}, it tells its listeners only when the level changes, on the thread
 * that changed it, in the order they were added; a listener that throws is logged and counted in
 * {@link #listenerFailures()}, and the listeners after it are still told. Thread-safe: concurrent setters each
 * publish a change, though with no order promised between them.
 *
 * @since 0.1.0
 */
public final class ManualMemoryPressureMonitor implements MemoryPressureMonitor {

    private static final Logger logger = LoggerFactory.getLogger(ManualMemoryPressureMonitor.class);

    private final List<Consumer<MemoryPressureChange>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private final Clock clock;

    private volatile MemorySnapshot snapshot;

    /**
     * A monitor at {@link MemoryPressureLevel#NONE}.
     */
    public ManualMemoryPressureMonitor() {
        this(MemoryPressureLevel.NONE);
    }

    /**
     * A monitor at {@code level}, whose snapshots carry the instant they were made.
     *
     * @param level the initial level; not {@code null}
     */
    public ManualMemoryPressureMonitor(MemoryPressureLevel level) {
        this(level, Clock.systemUTC());
    }

    /**
     * A monitor at {@code level}, whose snapshots carry the instants of {@code clock}.
     *
     * @param level the initial level; not {@code null}
     * @param clock gives the timestamp of the snapshots {@link #setLevel(MemoryPressureLevel)} makes
     */
    public ManualMemoryPressureMonitor(MemoryPressureLevel level, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshot = MemorySnapshot.ofLevel(Objects.requireNonNull(level, "level"), clock.instant());
    }

    /**
     * A monitor that starts with {@code snapshot}, and its level.
     *
     * @param snapshot the initial snapshot; not {@code null}
     */
    public ManualMemoryPressureMonitor(MemorySnapshot snapshot) {
        this.clock = Clock.systemUTC();
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * Moves to {@code level}, with a snapshot that holds only the level, and tells the listeners if it changed.
     *
     * @param level the new level; not {@code null}
     * @return whether the level changed
     */
    public boolean setLevel(MemoryPressureLevel level) {
        Objects.requireNonNull(level, "level");
        Instant now = clock.instant();
        return setSnapshot(MemorySnapshot.ofLevel(level, now));
    }

    /**
     * Moves to {@code snapshot} and tells the listeners if its level differs from the previous one.
     *
     * @param snapshot the new snapshot; not {@code null}
     * @return whether the level changed
     */
    public synchronized boolean setSnapshot(MemorySnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        MemoryPressureLevel previous = this.snapshot.level();
        this.snapshot = snapshot;
        if (previous == snapshot.level()) {
            return false;
        }
        MemoryPressureChange change = new MemoryPressureChange(previous, snapshot.level(), snapshot);
        // memguard's own helper, not a copy of it: a test double must fail its listeners exactly as the real monitor
        // does. memguard-test is released with memguard-core, at the same version, so it may use core's internals.
        Listeners.notifyEach(listeners, listener -> listener.accept(change), listenerFailures, logger,
                this);
        return true;
    }

    @Override
    public MemoryPressureLevel level() {
        return snapshot.level();
    }

    @Override
    public MemorySnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void addListener(Consumer<MemoryPressureChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<MemoryPressureChange> listener) {
        listeners.remove(listener);
    }

    /**
     * The listeners registered now, in the order they are told.
     *
     * @return an immutable copy
     */
    public List<Consumer<MemoryPressureChange>> listeners() {
        return List.copyOf(listeners);
    }

    /**
     * How many times a listener threw since this monitor was built.
     *
     * @return the count of listener failures
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    @Override
    public String toString() {
        return "ManualMemoryPressureMonitor[" + level() + "]";
    }
}
