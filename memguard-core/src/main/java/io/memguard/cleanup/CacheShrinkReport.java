package io.memguard.cleanup;

import java.util.List;

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
    List<CacheShrinkSnapshot> caches();

    /**
     * The latest resizes, oldest first.
     *
     * @return the recent resizes
     */
    List<CacheResize> recentResizes();

    /**
     * Resizes made since start, shrinks and restores together.
     *
     * @return the number of resizes
     */
    long resizeCount();
}
