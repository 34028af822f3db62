package io.memguard.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.memguard.buffer.BufferPool.BufferLeak;
import io.memguard.internal.Arguments;
import io.memguard.internal.MadeOnFirstUse;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * A {@link BufferPool} whose working pool is made on its first use, so that an application that never acquires a
 * buffer pays neither for its buckets nor for the classes that run them (the lock-free queues among them) at
 * start-up.
 *
 * <p>Until then it keeps what the working pool must learn at birth: the leak listeners, the actions waiting for the
 * first acquisition, the last pressure level (a pool's retention depends only on the last level it heard) and
 * whether it was closed ({@link MadeOnFirstUse}). A trim finds nothing to trim. Every other call makes the pool,
 * once; after that a call costs one volatile read more than on the working pool.
 */
final class OnFirstUseBufferPool implements BufferPool {

    private final MadeOnFirstUse<BufferPool> pool;

    /** Recorded until the pool is made, under its lock. */
    private final List<Consumer<BufferLeak>> leakListeners = new ArrayList<>();

    /** Recorded until the pool is made, under its lock. */
    private final List<Runnable> firstAcquiredActions = new ArrayList<>();

    /** Recorded until the pool is made, under its lock. */
    private MemoryPressureLevel lastLevel = MemoryPressureLevel.NONE;

    /** Recorded until the pool is made, under its lock. */
    private boolean closed;

    /**
     * @param factory makes the working pool, with the builder's settings and leak listeners
     */
    OnFirstUseBufferPool(Supplier<BufferPool> factory) {
        this.pool = new MadeOnFirstUse<>(() -> make(factory.get()));
    }

    /** Tells a new pool what was recorded for it; runs under the lock of the records. */
    private BufferPool make(BufferPool made) {
        leakListeners.forEach(made::addLeakListener);
        firstAcquiredActions.forEach(made::whenFirstAcquired);
        if (lastLevel != MemoryPressureLevel.NONE) {
            made.onPressureLevel(MemoryPressureLevel.NONE, lastLevel);
        }
        if (closed) {
            made.close();
        }
        leakListeners.clear();
        firstAcquiredActions.clear();
        return made;
    }

    /** Whether the working pool has been made; for tests. */
    boolean isMade() {
        return pool.isMade();
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
        return pool.get().acquire(minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
        pool.get().release(buffer);
    }

    @Override
    public int adaptiveSize(int defaultSize) {
        return pool.get().adaptiveSize(defaultSize);
    }

    /** Before the pool is made there is nothing to trim. */
    @Override
    public void trim(double fraction) {
        Arguments.fraction(fraction, "fraction");
        pool.recordOrForward(() -> { }, (made) -> made.trim(fraction));
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        pool.recordOrForward(() -> lastLevel = current, (made) -> made.onPressureLevel(previous, current));
    }

    @Override
    public BufferPoolSnapshot snapshot() {
        return pool.get().snapshot();
    }

    @Override
    public void whenFirstAcquired(Runnable action) {
        Objects.requireNonNull(action, "action");
        pool.recordOrForward(() -> firstAcquiredActions.add(action), (made) -> made.whenFirstAcquired(action));
    }

    @Override
    public void addLeakListener(Consumer<BufferLeak> listener) {
        Objects.requireNonNull(listener, "listener");
        pool.recordOrForward(() -> leakListeners.add(listener), (made) -> made.addLeakListener(listener));
    }

    @Override
    public void removeLeakListener(Consumer<BufferLeak> listener) {
        pool.recordOrForward(() -> leakListeners.remove(listener), (made) -> made.removeLeakListener(listener));
    }

    @Override
    public void close() {
        pool.recordOrForward(() -> closed = true, BufferPool::close);
    }

    @Override
    public String toString() {
        return pool.isMade() ? pool.get().toString() : "BufferPool[not used yet]";
    }
}
