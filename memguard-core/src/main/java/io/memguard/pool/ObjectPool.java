package io.memguard.pool;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * A bounded pool of reusable objects, such as per-connection or per-request state that is costly to build.
 *
 * <ul>
 * <li>{@link #borrow()} lends an idle object, or creates one while the pool is below its maximum size, or waits for
 * one to be returned, at most the borrow timeout (never forever by default), then throws
 * {@link PoolExhaustedException}.</li>
 * <li>{@link #release(Object)} returns it: the reset hook runs, and the object becomes idle again. Returning an
 * object twice, or one the pool did not lend, throws and leaves the pool unchanged.</li>
 * <li>An object borrowed for longer than the abandoned timeout is reported once to the
 * {@link ObjectPoolListener}s, with the borrowing thread and, if recorded, the borrowing stack. Borrowing reads no
 * clock: {@link #detectAbandoned()} times a borrow from the first detection that sees it, so an object is reported
 * by the first detection at least the timeout after that one.</li>
 * <li>Told the pressure level by its {@link ObjectPoolRegistry} ({@link #adjustTo}): entering HIGH destroys a
 * fraction of the idle objects; CRITICAL destroys all of them and destroys returned objects until the level
 * falls again.</li>
 * </ul>
 *
 * <p>Thread-safe. Borrow and return allocate nothing and take no lock unless the pool is exhausted.
 *
 * @param <T> the type of pooled object
 * @since 0.1.0
 */
public interface ObjectPool<T> extends AutoCloseable {

    /**
     * A builder for a pool of objects made by {@code factory}.
     *
     * @param <T>     the type of pooled object
     * @param name    the pool's name, unique in a registry, used in metrics and logs
     * @param factory makes a new object; must not return {@code null} nor an object already in the pool
     * @return a new builder with the default settings
     */
    static <T> ObjectPoolBuilder<T> builder(String name, Supplier<? extends T> factory) {
        return new ObjectPoolBuilder<>(name, factory);
    }

    /**
     * The pool's name.
     *
     * @return the name given to the builder
     */
    String name();

    /**
     * Borrows an object, waiting at most the pool's borrow timeout.
     *
     * @return an object to {@link #release(Object)} when done
     * @throws PoolExhaustedException if none became available in time
     */
    T borrow();

    /**
     * Borrows an object, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait; {@link Duration#ZERO} fails at once when the pool is exhausted
     * @return an object to {@link #release(Object)} when done
     * @throws PoolExhaustedException   if none became available in time
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    T borrow(Duration timeout);

    /**
     * Returns a borrowed object to the pool.
     *
     * @param object the very object {@link #borrow()} returned
     * @throws IllegalArgumentException if this pool did not lend {@code object}
     * @throws IllegalStateException    if {@code object} was already returned
     */
    void release(T object);

    /**
     * Borrows an object for a {@code try}-with-resources block, waiting at most the pool's borrow timeout.
     *
     * @return a lease whose {@code close()} returns the object
     * @throws PoolExhaustedException if none became available in time
     */
    default ObjectLease<T> lease() {
        return new PooledObjectLease<>(this, borrow());
    }

    /**
     * Looks at every borrowed object: one not seen before is noted with the clock's time; one that has stayed
     * borrowed for at least the abandoned timeout since it was first noted, and was not reported yet, is reported
     * to the listeners. Run it at an interval well below the timeout (the Spring Boot starter does).
     *
     * @return the objects found abandoned by this call
     */
    List<AbandonedObject> detectAbandoned();

    /**
     * Destroys a fraction of the idle objects.
     *
     * @param fraction the share to destroy, in (0..1]
     * @throws IllegalArgumentException if {@code fraction} is outside (0..1]
     */
    void trimIdle(double fraction);

    /**
     * Reacts to a change of the memory pressure level: trims idle objects on entering HIGH, destroys them all and
     * stops keeping returned ones at CRITICAL, keeps them again below CRITICAL.
     *
     * @param level the pressure level now
     */
    void adjustTo(MemoryPressureLevel level);

    /**
     * The pool's counters now.
     *
     * @return a snapshot of the pool's state
     */
    ObjectPoolSnapshot snapshot();

    /**
     * Registers a listener told of abandoned objects from now on.
     *
     * @param listener the listener; not {@code null}
     */
    void addListener(ObjectPoolListener listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeListener(ObjectPoolListener listener);

    /**
     * Destroys every idle object and stops keeping returned ones; borrowing still works, with new objects.
     */
    @Override
    void close();
}
