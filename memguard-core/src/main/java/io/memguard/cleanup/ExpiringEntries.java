package io.memguard.cleanup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link CleanupTask} that removes the entries of a map whose timestamp is older than a TTL: the Java
 * answer to a map that only grows (last-seen per client, per-session state, idempotency keys).
 *
 * <p>The map stays the caller's, used as before. A pass first collects the expired entries, then removes
 * each with {@link Map#remove(Object, Object)}, so an entry whose value was replaced meanwhile (with a fresh
 * timestamp) stays, and any map works, concurrent or not (a map used by other threads meanwhile must be safe
 * for concurrent use, such as a {@link java.util.concurrent.ConcurrentHashMap}). Timestamps are read from
 * values: refresh an entry by putting a new value. An entry whose timestamp is {@code null} expires at once,
 * so that it cannot leak.
 *
 * <p>Unlike the durations memguard measures itself, an entry's age is measured on the scheduler's wall clock, not
 * its ticker: the timestamp is a wall time the application stamped (often stored, or shared with other processes),
 * and only a clock that agrees with the one it was stamped with can tell how long ago that was.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class ExpiringEntries<K, V> implements CleanupTask {

    private final Map<K, V> map;

    private final Function<? super V, Instant> timestampOf;

    private final Duration ttl;

    private final Clock clock;

    /**
     * Creates the task.
     *
     * @param map         the map to clean
     * @param timestampOf the time an entry was last written or used, from its value
     * @param ttl         how long an entry lives after its timestamp; positive
     * @param clock       the clock that says what time it is
     */
    public ExpiringEntries(Map<K, V> map, Function<? super V, Instant> timestampOf, Duration ttl, Clock clock) {
        this.map = Objects.requireNonNull(map, "map");
        this.timestampOf = Objects.requireNonNull(timestampOf, "timestampOf");
        this.ttl = CleanupScheduler.requirePositive("ttl", ttl);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Removes the entries whose timestamp is at least the TTL ago.
     *
     * @return how many entries were removed
     */
    @Override
    public long clean() {
        Instant expiredUpTo = clock.instant().minus(ttl);
        List<Map.Entry<K, V>> expired = new ArrayList<>();
        for (Map.Entry<K, V> entry : map.entrySet()) {
            Instant timestamp = timestampOf.apply(entry.getValue());
            if (timestamp == null || !timestamp.isAfter(expiredUpTo)) {
                expired.add(new SimpleImmutableEntry<>(entry));
            }
        }
        long removed = 0;
        for (Map.Entry<K, V> entry : expired) {
            if (map.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * How long an entry lives after its timestamp.
     *
     * @return the TTL
     */
    public Duration ttl() {
        return ttl;
    }
}
