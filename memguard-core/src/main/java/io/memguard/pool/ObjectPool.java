package io.memguard.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.memguard.internal.Arguments;
import io.memguard.pressure.MemoryPressureLevel;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pool of reusable objects, such as per-connection or per-request state that is costly to build.
 *
 * <ul>
 * <li>{@link #borrow()} lends an idle object, or creates one while the pool is below its maximum size, or waits for
 * one to be returned, at most the borrow timeout (never forever by default), then throws
 * {@link PoolExhaustedException}.</li>
 * <li>{@link #release(Object)} returns it: the reset hook runs, and the object becomes idle again. Returning an
 * object twice, or one the pool did not lend, throws and leaves the pool unchanged.</li>
 * <li>An object borrowed for longer than the abandoned timeout is reported once to the listeners
 * ({@link #addListener}), with the borrowing thread and, if recorded, the borrowing stack. Borrowing reads no
 * ticker: {@link #detectAbandoned()} times a borrow from the first detection that sees it, so an object is reported
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
    static <T> Builder<T> builder(String name, Supplier<? extends T> factory) {
        return new Builder<>(name, factory);
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
     * Looks at every borrowed object: one not seen before is noted with the ticker's reading; one that has stayed
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
     * Registers a listener told of abandoned objects from now on: once per borrow found abandoned, with the object's
     * pool, type, how long it has been borrowed and by whom. It is called on the thread that ran the detection; a
     * listener that throws is logged and counted, and the pool and the other listeners carry on.
     *
     * @param listener the listener; not {@code null}
     */
    void addListener(Consumer<AbandonedObject> listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeListener(Consumer<AbandonedObject> listener);

    /**
     * Destroys every idle object and stops keeping returned ones; borrowing still works, with new objects.
     */
    @Override
    void close();

    /**
     * Configures and builds an {@link ObjectPool}. Each setter checks its argument at once and throws an
     * {@link IllegalArgumentException} naming it, leaving the builder as it was.
     *
     * @param <T> the type of pooled object
     * @since 0.1.0
     */
    final class Builder<T> {

        /** The largest max size: the queue of idle objects is allocated up front at this size. */
        public static final int MAX_MAX_SIZE = 1 << 16;

        private final String name;

        private final Supplier<? extends T> factory;

        private Consumer<? super T> reset = object -> {
        };

        private Consumer<? super T> destroy = object -> {
        };

        private int initialSize;

        private int maxSize;

        private Duration borrowTimeout;

        private Duration abandonedTimeout;

        private boolean captureBorrowStack;

        private double highPressureTrim;

        private LongSupplier ticker = System::nanoTime;

        private final List<Consumer<AbandonedObject>> listeners = new ArrayList<>();

        private @Nullable ObjectPoolRegistry registry;

        Builder(String name, Supplier<? extends T> factory) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            this.factory = Objects.requireNonNull(factory, "factory");
            defaults(ObjectPoolRegistry.Defaults.STANDARD);
        }

        /**
         * Takes every setting of {@code defaults}.
         *
         * @param defaults the settings
         * @return this builder
         */
        public Builder<T> defaults(ObjectPoolRegistry.Defaults defaults) {
            Objects.requireNonNull(defaults, "defaults");
            if (defaults.maxSize() < initialSize) {
                throw new IllegalArgumentException("defaults.maxSize must be at least the initial size " + initialSize
                        + ", was " + defaults.maxSize());
            }
            this.maxSize = defaults.maxSize();
            this.borrowTimeout = defaults.borrowTimeout();
            this.abandonedTimeout = defaults.abandonedTimeout();
            this.captureBorrowStack = defaults.captureBorrowStack();
            this.highPressureTrim = defaults.highPressureTrim();
            return this;
        }

        /**
         * Runs on every returned object before it is lent again, to clear the previous borrower's state. If it
         * throws, the object is destroyed instead of reused.
         *
         * @param reset the hook
         * @return this builder
         */
        public Builder<T> reset(Consumer<? super T> reset) {
            this.reset = Objects.requireNonNull(reset, "reset");
            return this;
        }

        /**
         * Runs on every object the pool lets go, to close what it holds.
         *
         * @param destroy the hook
         * @return this builder
         */
        public Builder<T> destroy(Consumer<? super T> destroy) {
            this.destroy = Objects.requireNonNull(destroy, "destroy");
            return this;
        }

        /**
         * How many objects to create when the pool is built.
         *
         * @param initialSize from 0 to the max size
         * @return this builder
         */
        public Builder<T> initialSize(int initialSize) {
            if (initialSize < 0 || initialSize > maxSize) {
                throw new IllegalArgumentException("initialSize must be from 0 to the max size " + maxSize + ", was "
                        + initialSize);
            }
            this.initialSize = initialSize;
            return this;
        }

        /**
         * The most objects the pool holds, lent and idle together.
         *
         * @param maxSize from 1 to {@link #MAX_MAX_SIZE}, and at least the initial size
         * @return this builder
         */
        public Builder<T> maxSize(int maxSize) {
            checkMaxSize(maxSize);
            if (maxSize < initialSize) {
                throw new IllegalArgumentException("maxSize must be at least the initial size " + initialSize + ", was "
                        + maxSize);
            }
            this.maxSize = maxSize;
            return this;
        }

        /**
         * The longest {@link ObjectPool#borrow()} waits when the pool is exhausted.
         *
         * @param borrowTimeout zero (fail at once) or more
         * @return this builder
         */
        public Builder<T> borrowTimeout(Duration borrowTimeout) {
            this.borrowTimeout = Arguments.notNegative(borrowTimeout, "borrowTimeout");
            return this;
        }

        /**
         * How long an object may stay borrowed before it is reported abandoned.
         *
         * @param abandonedTimeout zero turns detection off
         * @return this builder
         */
        public Builder<T> abandonedTimeout(Duration abandonedTimeout) {
            this.abandonedTimeout = Arguments.notNegative(abandonedTimeout, "abandonedTimeout");
            return this;
        }

        /**
         * Whether each borrow records its stack, so that abandoned objects say where they were borrowed. Costly.
         *
         * @param captureBorrowStack {@code true} to record
         * @return this builder
         */
        public Builder<T> captureBorrowStack(boolean captureBorrowStack) {
            this.captureBorrowStack = captureBorrowStack;
            return this;
        }

        /**
         * The share of idle objects destroyed when the pressure level rises to HIGH.
         *
         * @param fraction in (0..1]
         * @return this builder
         */
        public Builder<T> highPressureTrim(double fraction) {
            this.highPressureTrim = Arguments.fraction(fraction, "fraction");
            return this;
        }

        /**
         * The nanosecond ticker that times borrows for abandoned-object detection (default
         * {@link System#nanoTime()}); tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder<T> ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Adds a listener told of abandoned objects, as {@link ObjectPool#addListener} does.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<T> listener(Consumer<AbandonedObject> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the pool, creates its initial objects, and registers it with the registry that made this builder.
         *
         * @return a new pool
         * @throws IllegalStateException if the registry already holds another pool of this name
         */
        public ObjectPool<T> build() {
            DefaultObjectPool<T> pool = new DefaultObjectPool<>(this);
            if (registry != null) {
                registry.register(pool);
            }
            return pool;
        }

        Builder<T> registry(ObjectPoolRegistry registry) {
            this.registry = registry;
            return this;
        }

        String name() {
            return name;
        }

        Supplier<? extends T> factory() {
            return factory;
        }

        Consumer<? super T> resetHook() {
            return reset;
        }

        Consumer<? super T> destroyHook() {
            return destroy;
        }

        int initialSize() {
            return initialSize;
        }

        int maxSize() {
            return maxSize;
        }

        Duration borrowTimeout() {
            return borrowTimeout;
        }

        Duration abandonedTimeout() {
            return abandonedTimeout;
        }

        boolean captureBorrowStack() {
            return captureBorrowStack;
        }

        double highPressureTrim() {
            return highPressureTrim;
        }

        LongSupplier ticker() {
            return ticker;
        }

        List<Consumer<AbandonedObject>> listeners() {
            return List.copyOf(listeners);
        }

        static void checkMaxSize(int maxSize) {
            if (maxSize < 1 || maxSize > MAX_MAX_SIZE) {
                throw new IllegalArgumentException("maxSize must be from 1 to " + MAX_MAX_SIZE + ", was " + maxSize);
            }
        }

    }

    /**
     * An object borrowed from an {@link ObjectPool} for longer than the pool's abandoned timeout, and not returned.
     *
     * @param pool            the pool's name
     * @param type            the object's class name
     * @param borrowedFor     how long it has at least been borrowed: since the first detection that saw it
     * @param borrowingThread the name of the thread that borrowed it
     * @param borrowedAt      the stack of the borrowing call, innermost frame first, or empty where not recorded
     * @since 0.1.0
     */
    public record AbandonedObject(String pool, String type, Duration borrowedFor, String borrowingThread,
            List<StackTraceElement> borrowedAt) {

        public AbandonedObject {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(borrowedFor, "borrowedFor");
            borrowedAt = List.copyOf(Objects.requireNonNull(borrowedAt, "borrowedAt"));
        }

        /**
         * A multi-line description for a log, with the borrowing stack where recorded.
         *
         * @return a human-readable account of this object
         */
        public String describe() {
            StringBuilder text = new StringBuilder(256).append("A ").append(type).append(" from object pool '")
                    .append(pool).append("' has been borrowed for ").append(borrowedFor)
                    .append(" without being returned, by thread '").append(borrowingThread).append('\'');
            if (borrowedAt.isEmpty()) {
                text.append(". Its borrowing stack was not recorded: set"
                        + " memguard.object-pool.abandoned.capture-stack=true to record where objects are borrowed.");
            }
            else {
                text.append(", at:");
                for (StackTraceElement frame : borrowedAt) {
                    text.append(System.lineSeparator()).append("\tat ").append(frame);
                }
            }
            return text.toString();
        }
    }
}
