package io.memguard.cleanup;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/** A {@link MemoryPressureMonitor} whose level tests set by hand. */
public final class ManualPressureMonitor implements MemoryPressureMonitor {

    private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    /** Moves to {@code next} and tells every listener, as the real monitor does on a level change. */
    public void change(MemoryPressureLevel next) {
        MemoryPressureLevel previous = level;
        level = next;
        MemoryPressureChange change = new MemoryPressureChange(previous, next,
                MemorySnapshot.ofLevel(next, Instant.EPOCH));
        for (MemoryPressureListener listener : listeners) {
            listener.onPressureChange(change);
        }
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
