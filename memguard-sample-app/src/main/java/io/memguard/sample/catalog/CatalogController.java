package io.memguard.sample.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/catalog/{key}}: a product description, computed on first use and cached for good, so the
 * service's memory grows with the number of distinct keys it has been asked for. Not exempt from load shedding.
 *
 * @since 0.1.0
 */
@RestController
public class CatalogController {

    private final CatalogCache cache;

    public CatalogController(CatalogCache cache) {
        this.cache = cache;
    }

    /**
     * The entry for a key.
     *
     * @param key any key up to 64 characters
     * @return its entry, computed once
     */
    @GetMapping("/api/catalog/{key}")
    public CatalogEntry entry(@PathVariable String key) {
        if (key.length() > 64) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "key longer than 64 characters");
        }
        return cache.get(key);
    }
}
