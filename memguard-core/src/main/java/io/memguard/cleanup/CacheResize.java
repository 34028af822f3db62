package io.memguard.cleanup;

import java.time.Instant;

import io.memguard.pressure.MemoryPressureLevel;

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
public record CacheResize(String cache, long previousMaximum, long newMaximum, MemoryPressureLevel level,
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
