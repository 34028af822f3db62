package io.memguard.protect;

/**
 * Why a request was refused.
 *
 * @since 0.1.0
 */
public enum ShedReason {

    /** Memory pressure reached the shedding level: all new work is refused. */
    PRESSURE("pressure"),

    /** The request announced a body larger than allowed at the current pressure level. */
    LARGE_REQUEST("large-request");

    private final String tag;

    ShedReason(String tag) {
        this.tag = tag;
    }

    /**
     * The value of the {@code reason} tag in metrics, such as {@code large-request}.
     *
     * @return the tag value
     */
    public String tag() {
        return tag;
    }
}
