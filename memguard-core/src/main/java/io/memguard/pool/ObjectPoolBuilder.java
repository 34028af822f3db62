package io.memguard.pool;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.memguard.internal.Arguments;

/**
 * Configures and builds an {@link ObjectPool}. Each setter checks its argument at once and throws an
 * {@link IllegalArgumentException} naming it, leaving the builder as it was.
 *
 * @param <T> the type of pooled object
 * @since 0.1.0
 */
public final class ObjectPoolBuilder<T> {

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

    private InstantSource clock = InstantSource.system();

    private final List<ObjectPoolListener> listeners = new ArrayList<>();

    private @Nullable ObjectPoolRegistry registry;

    ObjectPoolBuilder(String name, Supplier<? extends T> factory) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        this.factory = Objects.requireNonNull(factory, "factory");
        defaults(ObjectPoolDefaults.STANDARD);
    }

    /**
     * Takes every setting of {@code defaults}.
     *
     * @param defaults the settings
     * @return this builder
     */
    public ObjectPoolBuilder<T> defaults(ObjectPoolDefaults defaults) {
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
    public ObjectPoolBuilder<T> reset(Consumer<? super T> reset) {
        this.reset = Objects.requireNonNull(reset, "reset");
        return this;
    }

    /**
     * Runs on every object the pool lets go, to close what it holds.
     *
     * @param destroy the hook
     * @return this builder
     */
    public ObjectPoolBuilder<T> destroy(Consumer<? super T> destroy) {
        this.destroy = Objects.requireNonNull(destroy, "destroy");
        return this;
    }

    /**
     * How many objects to create when the pool is built.
     *
     * @param initialSize from 0 to the max size
     * @return this builder
     */
    public ObjectPoolBuilder<T> initialSize(int initialSize) {
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
    public ObjectPoolBuilder<T> maxSize(int maxSize) {
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
    public ObjectPoolBuilder<T> borrowTimeout(Duration borrowTimeout) {
        this.borrowTimeout = Arguments.notNegative(borrowTimeout, "borrowTimeout");
        return this;
    }

    /**
     * How long an object may stay borrowed before it is reported abandoned.
     *
     * @param abandonedTimeout zero turns detection off
     * @return this builder
     */
    public ObjectPoolBuilder<T> abandonedTimeout(Duration abandonedTimeout) {
        this.abandonedTimeout = Arguments.notNegative(abandonedTimeout, "abandonedTimeout");
        return this;
    }

    /**
     * Whether each borrow records its stack, so that abandoned objects say where they were borrowed. Costly.
     *
     * @param captureBorrowStack {@code true} to record
     * @return this builder
     */
    public ObjectPoolBuilder<T> captureBorrowStack(boolean captureBorrowStack) {
        this.captureBorrowStack = captureBorrowStack;
        return this;
    }

    /**
     * The share of idle objects destroyed when the pressure level rises to HIGH.
     *
     * @param fraction in (0..1]
     * @return this builder
     */
    public ObjectPoolBuilder<T> highPressureTrim(double fraction) {
        this.highPressureTrim = Arguments.fraction(fraction, "fraction");
        return this;
    }

    /**
     * The clock that times borrows for abandoned-object detection.
     *
     * @param clock the clock
     * @return this builder
     */
    public ObjectPoolBuilder<T> clock(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Adds a listener told of abandoned objects.
     *
     * @param listener the listener
     * @return this builder
     */
    public ObjectPoolBuilder<T> listener(ObjectPoolListener listener) {
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

    ObjectPoolBuilder<T> registry(ObjectPoolRegistry registry) {
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

    InstantSource clock() {
        return clock;
    }

    List<ObjectPoolListener> listeners() {
        return List.copyOf(listeners);
    }

    static void checkMaxSize(int maxSize) {
        if (maxSize < 1 || maxSize > MAX_MAX_SIZE) {
            throw new IllegalArgumentException("maxSize must be from 1 to " + MAX_MAX_SIZE + ", was " + maxSize);
        }
    }

}
