package io.memguard.cleanup;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * What memguard did to an application's caches under memory pressure: a read-only view of a
 * {@link CaffeineCacheShrinker} that mentions no Caffeine type, for metrics and the actuator endpoint.
 *
 * @since 0.1.0
 */
public interface CacheShrinkReport {

    /**
     * Where every known cache stands now.
     *
     * @return the status of each cache, sorted by name
     */
    List<CacheSnapshot> caches();

    /**
     * The latest resizes, oldest first.
     *
     * @return the recent resizes
     */
    List<Resize> recentResizes();

    /**
     * Resizes made since start, shrinks and restores together.
     *
     * @return the number of resizes
     */
    long resizeCount();

    /**
     * A change of a cache's maximum size (or weight) made by the {@link CaffeineCacheShrinker}.
     *
     * @param cache           the cache's name
     * @param previousMaximum the maximum before
     * @param newMaximum      the maximum after
     * @param level           the memory pressure level that caused it
     * @param at              when it was made
     * @since 0.1.0
     */
    record Resize(String cache, long previousMaximum, long newMaximum, MemoryPressureLevel level,
            Instant at) {

        /**
         * Returns whether the cache was shrunk rather than restored.
         *
         * @return {@code true} if the new maximum is below the previous one
         */
        public boolean isShrink() {
            return newMaximum < previousMaximum;
        }
    }

    /**
     * Where a cache the {@link CaffeineCacheShrinker} knows stands at one moment: its bound now and the bound it is
     * restored to.
     *
     * @param name            the cache's name
     * @param bounded         whether the cache has a maximum size or weight; unbounded caches cannot be shrunk
     * @param maximum         its maximum now, or {@code null} if unbounded
     * @param originalMaximum the maximum it is restored to at NONE, or {@code null} while it is not shrunk
     * @since 0.1.0
     */
    record CacheSnapshot(String name, boolean bounded, @Nullable Long maximum,
            @Nullable Long originalMaximum) {

        /**
         * Returns whether the cache is shrunk now.
         *
         * @return {@code true} while its maximum is below its original one
         */
        public boolean isShrunk() {
            return originalMaximum != null;
        }
    }
}
