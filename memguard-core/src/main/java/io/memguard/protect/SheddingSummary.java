package io.memguard.protect;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * The requests refused since the previous summary: load shedding reports in batches, not once per request.
 *
 * @param from   the end of the previous summary (or when shedding was set up)
 * @param to     when this summary was made
 * @param counts refused requests by reason; reasons with none are absent
 * @param level  the pressure level at the last refusal
 * @since 0.1.0
 */
public record SheddingSummary(Instant from, Instant to, Map<ShedReason, Long> counts, MemoryPressureLevel level) {

    public SheddingSummary {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(level, "level");
        EnumMap<ShedReason, Long> copy = new EnumMap<>(ShedReason.class);
        copy.putAll(Objects.requireNonNull(counts, "counts"));
        counts = Collections.unmodifiableMap(copy);
    }

    /**
     * All refused requests in this summary.
     *
     * @return the sum of the counts
     */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
