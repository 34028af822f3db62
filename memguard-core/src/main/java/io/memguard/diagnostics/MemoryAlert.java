package io.memguard.diagnostics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * Something an operator should hear about before it becomes an outage, with what to do about it.
 *
 * @param type            what kind of alert this is
 * @param message         what was observed, in one or two sentences
 * @param suggestedAction what the operator can do
 * @param level           the pressure level when the alert was raised
 * @param timestamp       when it was raised
 * @param details         the figures behind the alert, by name, in a stable order (for example
 *                        {@code growthBytesPerSecond})
 * @since 0.1.0
 */
public record MemoryAlert(Type type, String message, String suggestedAction, MemoryPressureLevel level,
        Instant timestamp, Map<String, Object> details) {

    public MemoryAlert {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(suggestedAction, "suggestedAction");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(timestamp, "timestamp");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }

    /**
     * The kinds of memory alert.
     *
     * @since 0.1.0
     */
    public enum Type {

        /** The pressure level rose to {@code HIGH}: memory is short and memguard is giving memory back. */
        WARNING,

        /** The pressure level rose to {@code CRITICAL}: the JVM is close to failing and new work is shed. */
        CRITICAL,

        /** The heap after collection has grown steadily for long enough to suspect a leak. */
        LEAK_SUSPECTED
    }
}
