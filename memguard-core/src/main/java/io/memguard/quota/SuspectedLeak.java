package io.memguard.quota;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A stream whose owner seems to have forgotten to release bytes it allocated. Only bytes allocated outside
 * evictable entries count: entries are managed by memguard and can always be evicted.
 *
 * @param stream     the stream
 * @param kind       how the leak was noticed
 * @param bytes      the bytes allocated and not released
 * @param components those bytes by component
 * @param heldFor    how long they have been above the leak threshold; zero for {@link Kind#CLOSED_WITH_BYTES}
 * @since 0.1.0
 */
public record SuspectedLeak(String stream, Kind kind, long bytes, Map<String, Long> components, Duration heldFor) {

    public SuspectedLeak {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(kind, "kind");
        components = Map.copyOf(components);
        Objects.requireNonNull(heldFor, "heldFor");
    }

    /**
     * How a suspected leak was noticed.
     *
     * @since 0.1.0
     */
    public enum Kind {

        /** The stream held more than the leak threshold for longer than the leak window. */
        HELD_TOO_LONG,

        /** The stream was closed with bytes still accounted; memguard released them. */
        CLOSED_WITH_BYTES
    }
}
