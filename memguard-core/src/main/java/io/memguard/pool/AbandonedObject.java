package io.memguard.pool;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An object borrowed from an {@link ObjectPool} for longer than the pool's abandoned timeout, and not returned.
 *
 * @param pool            the pool's name
 * @param type            the object's class name
 * @param borrowedFor     how long it has at least been borrowed: since the first detection that saw it
 * @param borrowingThread the name of the thread that borrowed it
 * @param borrowedAt      the stack of the borrowing call, innermost frame first, or empty where not recorded
 * @since 0.1.0
 */
public record AbandonedObject(String pool, String type, Duration borrowedFor, String borrowingThread,
        List<StackTraceElement> borrowedAt) {

    public AbandonedObject {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(borrowedFor, "borrowedFor");
        borrowedAt = List.copyOf(Objects.requireNonNull(borrowedAt, "borrowedAt"));
    }

    /**
     * A multi-line description for a log, with the borrowing stack where recorded.
     *
     * @return a human-readable account of this object
     */
    public String describe() {
        StringBuilder text = new StringBuilder(256).append("A ").append(type).append(" from object pool '")
                .append(pool).append("' has been borrowed for ").append(borrowedFor)
                .append(" without being returned, by thread '").append(borrowingThread).append('\'');
        if (borrowedAt.isEmpty()) {
            text.append(". Its borrowing stack was not recorded: set"
                    + " memguard.object-pool.abandoned.capture-stack=true to record where objects are borrowed.");
        }
        else {
            text.append(", at:");
            for (StackTraceElement frame : borrowedAt) {
                text.append(System.lineSeparator()).append("\tat ").append(frame);
            }
        }
        return text.toString();
    }
}
