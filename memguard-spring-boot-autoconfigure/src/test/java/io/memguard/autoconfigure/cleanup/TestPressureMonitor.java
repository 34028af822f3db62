package io.memguard.autoconfigure.cleanup;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/** A {@link MemoryPressureMonitor} bean for tests: its level is set by hand. */
public final class TestPressureMonitor implements MemoryPressureMonitor {

    private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    /** Moves to {@code next} and tells every listener. */
    public void change(MemoryPressureLevel next) {
        MemoryPressureLevel previous = level;
        level = next;
        MemoryPressureChange change = new MemoryPressureChange(previous, next, snapshot());
        listeners.forEach(listener -> listener.onPressureChange(change));
    }

    public List<MemoryPressureListener> listeners() {
        return listeners;
    }

    @Override
    public MemoryPressureLevel level() {
        return level;
    }

    @Override
    public MemorySnapshot snapshot() {
        return MemorySnapshot.ofLevel(level, Instant.EPOCH);
    }

    @Override
    public void addListener(MemoryPressureListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MemoryPressureListener listener) {
        listeners.remove(listener);
    }
}
