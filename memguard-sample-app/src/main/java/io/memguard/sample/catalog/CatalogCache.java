package io.memguard.sample.catalog;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The careless cache: an ordinary unbounded map from key to a computed entry of about
 * {@value #DESCRIPTION_CHARS} characters, never evicted, so it grows with every distinct key; nothing here knows
 * of memguard, which cannot shrink a plain map.
 *
 * @since 0.1.0
 */
@Component
public class CatalogCache {

    static final int DESCRIPTION_CHARS = 4096;

    private static final String WORDS = "abcdefghijklmnopqrstuvwxyz      ";

    private final Map<String, CatalogEntry> entries = new ConcurrentHashMap<>();

    /**
     * The entry for a key, computed (deterministically from the key) the first time.
     *
     * @param key the key
     * @return its entry
     */
    public CatalogEntry get(String key) {
        CatalogEntry cached = entries.get(key);
        if (cached != null) {
            return cached;
        }
        return entries.computeIfAbsent(key, CatalogCache::compute);
    }

    /** Entries held now. */
    public int size() {
        return entries.size();
    }

    private static CatalogEntry compute(String key) {
        SplittableRandom random = new SplittableRandom(key.hashCode());
        StringBuilder description = new StringBuilder(DESCRIPTION_CHARS);
        for (int i = 0; i < DESCRIPTION_CHARS; i++) {
            description.append(WORDS.charAt(random.nextInt(WORDS.length())));
        }
        return new CatalogEntry(key, description.toString(), random.nextInt(100, 100_000) / 100.0);
    }
}
