package io.memguard.testing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/**
 * A pressure monitor whose level a test sets: memguard-core's own tests' double. Users' tests take
 * {@code io.memguard.test.pressure.ManualMemoryPressureMonitor} from memguard-test, which depends on memguard-core
 * and so cannot serve core's tests without a build cycle; this one holds only what core's tests call, and lets a
 * listener's exception reach the test.
 */
public final class TestPressureMonitor implements MemoryPressureMonitor {

    private final List<Consumer<MemoryPressureChange>> listeners = new CopyOnWriteArrayList<>();

    private volatile MemorySnapshot snapshot;

    public TestPressureMonitor() {
        this(MemoryPressureLevel.NONE);
    }

    public TestPressureMonitor(MemoryPressureLevel level) {
        this.snapshot = MemorySnapshot.ofLevel(level, Instant.now());
    }

    /** Moves to {@code level} and tells every listener, in order, if it changed. */
    public synchronized void setLevel(MemoryPressureLevel level) {
        MemoryPressureLevel previous = snapshot.level();
        snapshot = MemorySnapshot.ofLevel(level, Instant.now());
        if (previous != level) {
            MemoryPressureChange change = new MemoryPressureChange(previous, level, snapshot);
            listeners.forEach(listener -> listener.accept(change));
        }
    }

    public List<Consumer<MemoryPressureChange>> listeners() {
        return List.copyOf(listeners);
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
        listeners.add(listener);
    }

    @Override
    public void removeListener(Consumer<MemoryPressureChange> listener) {
        listeners.remove(listener);
    }
}
