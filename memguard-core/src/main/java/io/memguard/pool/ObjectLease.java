package io.memguard.pool;

/**
 * An object borrowed from an {@link ObjectPool} for the length of a {@code try} block:
 * {@code try (ObjectLease<Parser> lease = pool.lease()) { lease.get().parse(...); }}.
 *
 * <p>A lease belongs to one thread at a time. Closing it returns the object; closing it again does nothing.
 *
 * @param <T> the type of pooled object
 * @since 0.1.0
 */
public interface ObjectLease<T> extends AutoCloseable {

    /**
     * The borrowed object.
     *
     * @return the object
     * @throws IllegalStateException if the lease was closed
     */
    T get();

    /** Returns the object to its pool; does nothing if already closed. */
    @Override
    void close();
}
