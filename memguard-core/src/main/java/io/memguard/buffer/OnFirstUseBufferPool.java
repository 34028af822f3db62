package io.memguard.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.memguard.internal.Arguments;
import io.memguard.pressure.MemoryPressureChange;

/**
 * A {@link BufferPool} whose working pool is made on its first use, so that an application that never acquires a
 * buffer pays neither for its buckets nor for the classes that run them (the lock-free queues among them) at
 * start-up.
 *
 * <p>Until then it keeps what the working pool must learn at birth: the leak listeners, the actions waiting for the
 * first acquisition, the last pressure change (a pool's retention depends only on the last level it heard) and
 * whether it was closed. A trim finds nothing to trim. Every other call makes the pool, once, under a lock; after
 * that a call costs one volatile read more than on the working pool.
 */
final class OnFirstUseBufferPool implements BufferPool {

    /** Makes the working pool, with the builder's settings and leak listeners. */
    private final Supplier<BufferPool> factory;

    private final Object lock = new Object();

    private volatile BufferPool made;

    /** Guarded by {@code lock} until the pool is made. */
    private final List<BufferLeakListener> leakListeners = new ArrayList<>();

    /** Guarded by {@code lock} until the pool is made. */
    private final List<Runnable> firstAcquiredActions = new ArrayList<>();

    /** Guarded by {@code lock} until the pool is made; {@code null} while none was told. */
    private MemoryPressureChange lastChange;

    /** Guarded by {@code lock} until the pool is made. */
    private boolean closed;

    OnFirstUseBufferPool(Supplier<BufferPool> factory) {
        this.factory = factory;
    }

    /** Whether the working pool has been made; for tests. */
    boolean isMade() {
        return made != null;
    }

    private BufferPool pool() {
        BufferPool pool = made;
        if (pool != null) {
            return pool;
        }
        synchronized (lock) {
            if (made == null) {
                pool = factory.get();
                leakListeners.forEach(pool::addLeakListener);
                firstAcquiredActions.forEach(pool::whenFirstAcquired);
                if (lastChange != null) {
                    pool.onPressureChange(lastChange);
                }
                if (closed) {
                    pool.close();
                }
                leakListeners.clear();
                firstAcquiredActions.clear();
                made = pool;
            }
            return made;
        }
    }

    /**
     * Runs {@code beforeMade} under the lock if the pool is not made yet.
     *
     * @return {@code true} if it ran; {@code false} if the pool is made and the call goes to it
     */
    private boolean whileNotMade(Runnable beforeMade) {
        synchronized (lock) {
            if (made == null) {
                beforeMade.run();
                return true;
            }
            return false;
        }
    }

    @Override
    public ByteBuffer acquire(int minCapacity) {
        return pool().acquire(minCapacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
        pool().release(buffer);
    }

    @Override
    public int adaptiveSize(int defaultSize) {
        return pool().adaptiveSize(defaultSize);
    }

    @Override
    public void trim(double fraction) {
        Arguments.fraction(fraction, "fraction");
        if (!whileNotMade(() -> { })) {
            made.trim(fraction);
        }
    }

    @Override
    public void onPressureChange(MemoryPressureChange change) {
        if (!whileNotMade(() -> lastChange = change)) {
            made.onPressureChange(change);
        }
    }

    @Override
    public BufferPoolStats stats() {
        return pool().stats();
    }

    @Override
    public void whenFirstAcquired(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (!whileNotMade(() -> firstAcquiredActions.add(action))) {
            made.whenFirstAcquired(action);
        }
    }

    @Override
    public void addLeakListener(BufferLeakListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!whileNotMade(() -> leakListeners.add(listener))) {
            made.addLeakListener(listener);
        }
    }

    @Override
    public void removeLeakListener(BufferLeakListener listener) {
        if (!whileNotMade(() -> leakListeners.remove(listener))) {
            made.removeLeakListener(listener);
        }
    }

    @Override
    public void close() {
        if (!whileNotMade(() -> closed = true)) {
            made.close();
        }
    }

    @Override
    public String toString() {
        BufferPool pool = made;
        return (pool != null) ? pool.toString() : "BufferPool[not used yet]";
    }
}
