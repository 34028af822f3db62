package io.memguard.pool;

import org.jspecify.annotations.Nullable;

/** The lease handed out by {@link ObjectPool#lease()}. */
final class PooledObjectLease<T> implements ObjectLease<T> {

    private final ObjectPool<T> pool;

    private @Nullable T object;

    PooledObjectLease(ObjectPool<T> pool, T object) {
        this.pool = pool;
        this.object = object;
    }

    @Override
    public T get() {
        T borrowed = object;
        if (borrowed == null) {
            throw new IllegalStateException("This lease of pool '" + pool.name()
                    + "' is closed: its object went back to the pool");
        }
        return borrowed;
    }

    @Override
    public void close() {
        T borrowed = object;
        if (borrowed != null) {
            object = null;
            pool.release(borrowed);
        }
    }
}
