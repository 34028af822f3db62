package io.memguard.quota;

/**
 * Why entries were evicted.
 *
 * @since 0.1.0
 */
public enum EvictionReason {

    /** An allocation would have taken its stream over the stream's limit. */
    STREAM_LIMIT("stream-limit"),

    /** Global usage crossed the soft threshold: background eviction across streams. */
    GLOBAL_SOFT("global-soft"),

    /** Global usage crossed the hard threshold: an allocation evicted synchronously before it was admitted. */
    GLOBAL_HARD("global-hard"),

    /** The JVM memory pressure level reached HIGH: eviction down to the soft threshold. */
    PRESSURE_HIGH("pressure-high"),

    /** The JVM memory pressure level reached CRITICAL: emergency eviction of everything evictable. */
    PRESSURE_CRITICAL("pressure-critical"),

    /** The stream was closed while it still held entries. */
    STREAM_CLOSED("stream-closed");

    private final String id;

    EvictionReason(String id) {
        this.id = id;
    }

    /**
     * The name used in metric tags and JSON.
     *
     * @return a kebab-case id such as {@code stream-limit}
     */
    public String id() {
        return id;
    }
}
