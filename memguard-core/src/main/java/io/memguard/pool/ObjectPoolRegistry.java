package io.memguard.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.internal.Arguments;
import io.memguard.internal.Listeners;
import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * The object pools of an application, by name: what metrics, the endpoint and abandoned-object checks iterate,
 * and the one pressure listener that passes level changes on to every pool.
 *
 * <p>Pools built through {@link #builder(String, Supplier)} get this registry's defaults and are registered when
 * built; other pools are registered with {@link #register(ObjectPool)}. Listeners added here are added to every
 * pool, present and future. The registry is the {@link PressureAware} component of its pools: it passes its
 * effective level on to each (low-memory mode sets it to CRITICAL), and a pool registered while the level is up is
 * told it at once.
 *
 * @since 0.1.0
 */
public final class ObjectPoolRegistry implements PressureAware {

    private static final Logger logger = LoggerFactory.getLogger(ObjectPoolRegistry.class);

    private final Defaults defaults;

    private final ConcurrentSkipListMap<String, ObjectPool<?>> pools = new ConcurrentSkipListMap<>();

    private final CopyOnWriteArrayList<Consumer<AbandonedObject>> listeners = new CopyOnWriteArrayList<>();

    private final CopyOnWriteArrayList<Consumer<ObjectPool<?>>> registrationListeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private final Object registrationLock = new Object();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    /**
     * A registry whose pools get the {@link Defaults#STANDARD} settings.
     */
    public ObjectPoolRegistry() {
        this(Defaults.STANDARD);
    }

    /**
     * A registry whose pools get the given settings unless their builder overrides them.
     *
     * @param defaults the settings of the pools this registry builds
     */
    public ObjectPoolRegistry(Defaults defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /**
     * The settings this registry gives the pools it builds.
     *
     * @return the defaults
     */
    public Defaults defaults() {
        return defaults;
    }

    /**
     * A builder with this registry's defaults, whose {@code build()} registers the pool here.
     *
     * @param <T>     the type of pooled object
     * @param name    the pool's name, unique in this registry
     * @param factory makes a new object
     * @return a new builder
     */
    public <T> ObjectPool.Builder<T> builder(String name, Supplier<? extends T> factory) {
        return ObjectPool.<T>builder(name, factory).defaults(defaults).registry(this);
    }

    /**
     * Registers a pool; registering the same pool again does nothing.
     *
     * @param pool the pool
     * @throws IllegalStateException if another pool of the same name is registered
     */
    public void register(ObjectPool<?> pool) {
        Objects.requireNonNull(pool, "pool");
        synchronized (registrationLock) {
            ObjectPool<?> existing = pools.putIfAbsent(pool.name(), pool);
            if (existing == pool) {
                return;
            }
            if (existing != null) {
                throw new IllegalStateException("Another object pool is already registered as '" + pool.name()
                        + "': give each pool a unique name");
            }
            listeners.forEach(pool::addListener);
        }
        MemoryPressureLevel current = level;
        if (current != MemoryPressureLevel.NONE) {
            pool.adjustTo(current);
        }
        for (Consumer<ObjectPool<?>> listener : registrationListeners) {
            notify(() -> listener.accept(pool), listener);
        }
    }

    /**
     * Unregisters a pool; does nothing if it is not registered. The pool itself is left as it is.
     *
     * @param pool the pool
     */
    public void unregister(ObjectPool<?> pool) {
        synchronized (registrationLock) {
            if (pools.remove(pool.name(), pool)) {
                listeners.forEach(pool::removeListener);
            }
        }
    }

    /**
     * Every registered pool, by name.
     *
     * @return the pools, sorted by name
     */
    public List<ObjectPool<?>> pools() {
        return List.copyOf(pools.values());
    }

    /**
     * The registered pool of the given name.
     *
     * @param name a pool name
     * @return the pool, or empty
     */
    public Optional<ObjectPool<?>> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    /**
     * Adds a listener to every registered pool, present and future, as {@link ObjectPool#addListener} does.
     *
     * @param listener told of abandoned objects
     */
    public void addListener(Consumer<AbandonedObject> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (registrationLock) {
            listeners.add(listener);
            pools.values().forEach(pool -> pool.addListener(listener));
        }
    }

    /**
     * Removes a listener added with {@link #addListener} from every registered pool; does nothing if it was not added.
     *
     * @param listener the listener
     */
    public void removeListener(Consumer<AbandonedObject> listener) {
        synchronized (registrationLock) {
            if (listeners.remove(listener)) {
                pools.values().forEach(pool -> pool.removeListener(listener));
            }
        }
    }

    /**
     * Calls {@code listener} with every pool registered from now on, such as to bind its metrics.
     *
     * @param listener called after each registration
     */
    public void onRegistration(Consumer<ObjectPool<?>> listener) {
        registrationListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Runs {@link ObjectPool#detectAbandoned()} on every pool.
     *
     * @return every object found abandoned by this call
     */
    public List<AbandonedObject> detectAbandoned() {
        List<AbandonedObject> found = new ArrayList<>();
        for (ObjectPool<?> pool : pools.values()) {
            notify(() -> found.addAll(pool.detectAbandoned()), pool);
        }
        return found;
    }

    /**
     * Passes the effective level on to every pool.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        level = current;
        for (ObjectPool<?> pool : pools.values()) {
            notify(() -> pool.adjustTo(current), pool);
        }
    }

    /**
     * Low-memory mode empties the pools and pauses their retention, as CRITICAL does.
     *
     * @return {@code CRITICAL}
     */
    @Override
    public MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.CRITICAL;
    }

    /**
     * Calls to pools and registration listeners that threw.
     *
     * @return how many
     */
    public long failures() {
        return listenerFailures.sum();
    }

    private void notify(Runnable call, Object target) {
        Listeners.run(call, (ignored, ex) -> {
            listenerFailures.increment();
            logger.warn("memguard: {} failed; the object pool registry carries on", target, ex);
        });
    }

    /**
     * The settings an {@link ObjectPoolRegistry} gives the pools it builds, unless a pool's builder overrides them.
     *
     * @param maxSize            the most objects per pool, from 1 to {@link ObjectPool.Builder#MAX_MAX_SIZE}
     * @param borrowTimeout      the longest a borrow waits when the pool is exhausted; zero or more
     * @param abandonedTimeout   how long an object may stay borrowed before it is reported abandoned; zero turns
     *                           detection off
     * @param captureBorrowStack whether each borrow records its stack, so that abandoned objects say where they were
     *                           borrowed (costly: for hunting a leak)
     * @param highPressureTrim   the share of idle objects destroyed on entering HIGH pressure, in (0..1]
     * @since 0.1.0
     */
    public record Defaults(int maxSize, Duration borrowTimeout, Duration abandonedTimeout,
            boolean captureBorrowStack, double highPressureTrim) {

        /** The defaults of a pool built without a registry. */
        public static final Defaults STANDARD = new Defaults(64, Duration.ofSeconds(1),
                Duration.ofMinutes(5), false, 0.5);

        public Defaults {
            ObjectPool.Builder.checkMaxSize(maxSize);
            Arguments.notNegative(borrowTimeout, "borrowTimeout");
            Arguments.notNegative(abandonedTimeout, "abandonedTimeout");
            Arguments.fraction(highPressureTrim, "highPressureTrim");
        }
    }
}
