package io.memguard.cleanup;

import org.jspecify.annotations.Nullable;

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
public record CacheShrinkSnapshot(String name, boolean bounded, @Nullable Long maximum,
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
