package io.memguard.cleanup;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * Caches that a {@link CaffeineCacheShrinker} finds afresh at every pressure change, for cache managers
 * that create caches on demand (such as Spring's {@code CaffeineCacheManager}).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CaffeineCacheSource {

    /**
     * The caches there are now, by name.
     *
     * @return the caches; may be empty
     */
    Map<String, Cache<?, ?>> caches();
}
