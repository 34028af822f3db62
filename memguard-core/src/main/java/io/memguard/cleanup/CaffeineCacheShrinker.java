package io.memguard.cleanup;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks the maximum size (or weight) of Caffeine caches under memory pressure and restores it when the
 * pressure is gone. memguard does not write a cache: Caffeine evicts, memguard only moves its bound through
 * {@code cache.policy().eviction()}.
 *
 * <p>At {@link MemoryPressureLevel#HIGH} each bounded cache keeps its original maximum times the high
 * factor, at {@link MemoryPressureLevel#CRITICAL} times the critical factor; at
 * {@link MemoryPressureLevel#NONE} the original maximum is restored. LOW and MODERATE change nothing, so a
 * cache is not regrown while the pressure is only easing. Unbounded caches are reported and left alone.
 * Every change is logged, counted, kept among the recent resizes and told to the listeners.
 *
 * <p>Caches come from {@link #register} and from {@link CaffeineCacheSource}s, asked afresh at each change.
 * Changes are serialized; reads are safe at any time.
 *
 * @since 0.1.0
 */
public final class CaffeineCacheShrinker implements PressureAware, CacheShrinkReport {

    private static final Logger logger = LoggerFactory.getLogger(CaffeineCacheShrinker.class);

    private static final int RECENT_RESIZES = 32;

    private final double highFactor;

    private final double criticalFactor;

    private final Clock clock;

    private final ConcurrentMap<String, Cache<?, ?>> registered = new ConcurrentHashMap<>();

    private final List<CaffeineCacheSource> sources = new CopyOnWriteArrayList<>();

    private final List<Consumer<CacheShrinkReport.Resize>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    /** The maximum of each shrunk cache before it was shrunk, guarded by {@code this}. */
    private final Map<String, Long> originalMaximums = new HashMap<>();

    /** Guarded by {@code this}. */
    private final Deque<CacheShrinkReport.Resize> recentResizes = new ArrayDeque<>();

    private final AtomicLong resizes = new AtomicLong();


    private CaffeineCacheShrinker(Builder builder) {
        this.highFactor = builder.highFactor;
        this.criticalFactor = builder.criticalFactor;
        this.clock = builder.clock;
    }

    /**
     * Starts building a shrinker.
     *
     * @return a builder with the defaults: 0.5 at HIGH, 0.25 at CRITICAL, the system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a cache to shrink under pressure.
     *
     * @param name  a name for reports, unique among the registered caches
     * @param cache the cache
     */
    public void register(String name, Cache<?, ?> cache) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cache, "cache");
        if (registered.putIfAbsent(name, cache) != null) {
            throw new IllegalArgumentException("A cache named '" + name + "' is registered already");
        }
    }

    /**
     * Adds a source of caches, asked at every pressure change.
     *
     * @param source the source
     */
    public void addSource(CaffeineCacheSource source) {
        sources.add(Objects.requireNonNull(source, "source"));
    }

    /**
     * Adds a listener told of every resize, after it was made, on the thread that applied the pressure change. A
     * listener that throws is logged and counted, and the shrinker and the other listeners carry on.
     *
     * @param listener the listener
     */
    public void addListener(Consumer<CacheShrinkReport.Resize> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * How many times a listener or a cache source threw since this shrinker was created (each is logged, and the
     * others still run).
     *
     * @return the count
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * Shrinks or restores the caches for the effective level.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        adjustTo(current);
    }

    /**
     * Low-memory mode shrinks the caches, as HIGH does.
     *
     * @return {@code HIGH}
     */
    @Override
    public MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.HIGH;
    }

    /**
     * Shrinks or restores every known cache for a pressure level.
     *
     * @param level the memory pressure level
     * @return the resizes made, empty if nothing changed
     */
    public List<CacheShrinkReport.Resize> adjustTo(MemoryPressureLevel level) {
        Objects.requireNonNull(level, "level");
        if (level == MemoryPressureLevel.LOW || level == MemoryPressureLevel.MODERATE) {
            return List.of();
        }
        List<CacheShrinkReport.Resize> made = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, Cache<?, ?>> entry : knownCaches().entrySet()) {
                Optional<? extends Policy.Eviction<?, ?>> eviction = entry.getValue().policy().eviction();
                if (eviction.isPresent()) {
                    CacheShrinkReport.Resize resize = resize(entry.getKey(), eviction.get(), level);
                    if (resize != null) {
                        made.add(resize);
                    }
                }
            }
        }
        for (CacheShrinkReport.Resize resize : made) {
            logger.info("{} cache '{}' from a maximum of {} to {} at {} memory pressure",
                    resize.isShrink() ? "Shrank" : "Restored", resize.cache(), resize.previousMaximum(),
                    resize.newMaximum(), level);
            Listeners.notifyEach(listeners, listener -> listener.accept(resize), listenerFailures, logger,
                    this);
        }
        return made;
    }

    /** Resizes one cache; called with the lock held. */
    private CacheShrinkReport.@Nullable Resize resize(String name, Policy.Eviction<?, ?> eviction,
            MemoryPressureLevel level) {
        long current = eviction.getMaximum();
        long target;
        if (level == MemoryPressureLevel.NONE) {
            Long original = originalMaximums.remove(name);
            if (original == null) {
                return null;
            }
            target = original;
        }
        else {
            long original = originalMaximums.computeIfAbsent(name, key -> current);
            double factor = (level == MemoryPressureLevel.CRITICAL) ? criticalFactor : highFactor;
            target = Math.max(Math.min(1, original), (long) (original * factor));
        }
        if (target == current) {
            return null;
        }
        eviction.setMaximum(target);
        CacheShrinkReport.Resize resize = new CacheShrinkReport.Resize(name, current, target, level, clock.instant());
        resizes.incrementAndGet();
        if (recentResizes.size() == RECENT_RESIZES) {
            recentResizes.removeFirst();
        }
        recentResizes.addLast(resize);
        return resize;
    }

    /**
     * Where every known cache stands now.
     *
     * @return the status of each cache, sorted by name
     */
    @Override
    public synchronized List<CacheShrinkReport.CacheSnapshot> caches() {
        List<CacheShrinkReport.CacheSnapshot> statuses = new ArrayList<>();
        for (Map.Entry<String, Cache<?, ?>> entry : new TreeMap<>(knownCaches()).entrySet()) {
            Optional<? extends Policy.Eviction<?, ?>> eviction = entry.getValue().policy().eviction();
            statuses.add(new CacheShrinkReport.CacheSnapshot(entry.getKey(), eviction.isPresent(),
                    eviction.map(Policy.Eviction::getMaximum).orElse(null), originalMaximums.get(entry.getKey())));
        }
        return statuses;
    }

    private Map<String, Cache<?, ?>> knownCaches() {
        Map<String, Cache<?, ?>> caches = new LinkedHashMap<>();
        // A source is the application's code, under the one policy for such calls: one that throws is counted and
        // logged, and only its caches are skipped this time.
        Listeners.FailureHandler onFailure = Listeners.logAndCount(listenerFailures, logger, this);
        for (CaffeineCacheSource source : sources) {
            Listeners.run(source, (each) -> caches.putAll(each.caches()), onFailure);
        }
        caches.putAll(registered);
        return caches;
    }

    /**
     * The latest resizes, oldest first (at most 32).
     *
     * @return the recent resizes
     */
    @Override
    public synchronized List<CacheShrinkReport.Resize> recentResizes() {
        return List.copyOf(recentResizes);
    }

    /**
     * Resizes made since start, shrinks and restores together.
     *
     * @return the number of resizes
     */
    @Override
    public long resizeCount() {
        return resizes.get();
    }

    /**
     * Builds a {@link CaffeineCacheShrinker}. Each setter checks its argument at once; {@link #build()} checks
     * the factors against each other.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private double highFactor = 0.5;

        private double criticalFactor = 0.25;

        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The fraction of its maximum a cache keeps at HIGH. Default 0.5.
         *
         * @param highFactor in (0, 1]
         * @return this builder
         */
        public Builder highFactor(double highFactor) {
            this.highFactor = checkFactor("highFactor", highFactor);
            return this;
        }

        /**
         * The fraction of its maximum a cache keeps at CRITICAL. Default 0.25.
         *
         * @param criticalFactor in (0, 1], and not above the high factor
         * @return this builder
         */
        public Builder criticalFactor(double criticalFactor) {
            this.criticalFactor = checkFactor("criticalFactor", criticalFactor);
            return this;
        }

        /**
         * The clock that dates the resizes. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the shrinker.
         *
         * @return a shrinker without caches
         * @throws IllegalArgumentException if the critical factor is above the high factor
         */
        public CaffeineCacheShrinker build() {
            if (criticalFactor > highFactor) {
                throw new IllegalArgumentException("criticalFactor must not exceed highFactor (" + highFactor
                        + "), was " + criticalFactor);
            }
            return new CaffeineCacheShrinker(this);
        }

        private static double checkFactor(String argument, double factor) {
            if (!(factor > 0.0 && factor <= 1.0)) {
                throw new IllegalArgumentException(argument + " must be in (0, 1], was " + factor);
            }
            return factor;
        }
    }
}
