package io.memguard.autoconfigure.cleanup;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import io.memguard.cleanup.CaffeineCacheSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;

/**
 * The caches of every {@link CaffeineCacheManager} bean, looked up afresh at each pressure change because a
 * cache manager may create caches on demand. A cache is named as in its manager.
 */
final class CaffeineCacheManagerSource implements CaffeineCacheSource {

    private final ObjectProvider<CaffeineCacheManager> cacheManagers;

    CaffeineCacheManagerSource(ObjectProvider<CaffeineCacheManager> cacheManagers) {
        this.cacheManagers = cacheManagers;
    }

    @Override
    public Map<String, Cache<?, ?>> caches() {
        Map<String, Cache<?, ?>> caches = new LinkedHashMap<>();
        cacheManagers.orderedStream().forEach(manager -> {
            for (String name : manager.getCacheNames()) {
                if (manager.getCache(name) instanceof CaffeineCache cache) {
                    caches.put(name, cache.getNativeCache());
                }
            }
        });
        return caches;
    }
}
