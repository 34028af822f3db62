package io.memguard.sample.catalog;

/**
 * One cached catalog entry.
 *
 * @param key         its key
 * @param description its description, a few KiB
 * @param price       its price
 * @since 0.1.0
 */
public record CatalogEntry(String key, String description, double price) {
}
