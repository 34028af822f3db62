package io.memguard.sample.events;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.memguard.pressure.MemoryPressureChange;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureListener;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySnapshot;

/** A {@link MemoryPressureMonitor} bean whose level the sample's tests set by hand. */
final class TestPressureMonitor implements MemoryPressureMonitor {

    private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    void change(MemoryPressureLevel next) {
        MemoryPressureChange change = new MemoryPressureChange(level, next, MemorySnapshot.ofLevel(next, Instant.now()));
        level = next;
        listeners.forEach(listener -> listener.onPressureChange(change));
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
