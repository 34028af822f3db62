package io.memguard.autoconfigure.quota;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/** A pressure monitor whose level the test sets. */
class TestPressureMonitor implements MemoryPressureMonitor {

    final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    @Override
    public MemoryPressureLevel level() {
        return level;
    }

    @Override
    public MemorySnapshot snapshot() {
        return MemorySnapshot.ofLevel(level, Instant.now());
    }

    @Override
    public void addListener(MemoryPressureListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MemoryPressureListener listener) {
        listeners.remove(listener);
    }

    void change(MemoryPressureLevel next) {
        MemoryPressureChange change = new MemoryPressureChange(level, next, MemorySnapshot.ofLevel(next, Instant.now()));
        level = next;
        listeners.forEach(listener -> listener.onPressureChange(change));
    }
}
