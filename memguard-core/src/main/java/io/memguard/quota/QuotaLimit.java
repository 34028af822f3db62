package io.memguard.quota;

/**
 * The limit that made an allocation fail.
 *
 * @since 0.1.0
 */
public enum QuotaLimit {

    /** The stream's own limit. */
    STREAM("stream"),

    /** The critical threshold of the global limit. */
    GLOBAL("global");

    private final String id;

    QuotaLimit(String id) {
        this.id = id;
    }

    /**
     * The name used in metric tags and JSON.
     *
     * @return a lower-case id
     */
    public String id() {
        return id;
    }
}
