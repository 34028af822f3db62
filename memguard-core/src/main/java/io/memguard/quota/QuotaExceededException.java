package io.memguard.quota;

import java.util.Objects;

/**
 * Thrown when an allocation or a new stream does not fit its quota, after whatever eviction the configuration
 * allows. Its message says which limit refused and by how much; {@link #rejection()} has the figures.
 *
 * @since 0.1.0
 */
public class QuotaExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient QuotaRejection rejection;

    /**
     * Creates the exception for a rejection.
     *
     * @param rejection what was refused and why
     */
    public QuotaExceededException(QuotaRejection rejection) {
        super(Objects.requireNonNull(rejection, "rejection").describe());
        this.rejection = rejection;
    }

    /**
     * What was refused: the limit, the stream, the bytes requested and the excess.
     *
     * @return the rejection
     */
    public QuotaRejection rejection() {
        return rejection;
    }

    /**
     * The limit that refused.
     *
     * @return {@link QuotaRejection.Limit#STREAM} or {@link QuotaRejection.Limit#GLOBAL}
     */
    public QuotaRejection.Limit limit() {
        return rejection.limit();
    }
}
