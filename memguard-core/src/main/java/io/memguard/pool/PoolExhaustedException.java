package io.memguard.pool;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when no object of an {@link ObjectPool} became available within the borrow timeout.
 *
 * @since 0.1.0
 */
public class PoolExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was exhausted, for how long it was waited on, and what to do
     * @param cause   the interruption that ended the wait, or {@code null}
     */
    public PoolExhaustedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
