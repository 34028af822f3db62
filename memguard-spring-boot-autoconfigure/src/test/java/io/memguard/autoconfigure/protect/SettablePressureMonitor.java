package io.memguard.autoconfigure.protect;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/**
 * A pressure monitor whose level a test sets, telling the listeners of every change as the real monitor does.
 */
public final class SettablePressureMonitor implements MemoryPressureMonitor {

    private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

    private volatile MemoryPressureLevel level;

    public SettablePressureMonitor() {
        this(MemoryPressureLevel.NONE);
    }

    public SettablePressureMonitor(MemoryPressureLevel level) {
        this.level = level;
    }

    public void set(MemoryPressureLevel next) {
        MemoryPressureLevel previous = level;
        level = next;
        if (previous != next) {
            MemoryPressureChange change = new MemoryPressureChange(previous, next,
                    MemorySnapshot.ofLevel(next, Instant.now()));
            listeners.forEach(listener -> listener.onPressureChange(change));
        }
    }

    public int listenerCount() {
        return listeners.size();
    }

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
}
