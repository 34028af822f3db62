package io.memguard.admission;

/**
 * What the admission controller decided for one request.
 *
 * @since 0.3.0
 */
public enum AdmissionDecision {

    /** Admitted at once. */
    ADMITTED(true, "admitted"),

    /** Admitted after waiting in the queue. */
    ADMITTED_AFTER_WAIT(true, "queued"),

    /** Refused at once: the queue was full. */
    REFUSED_QUEUE_FULL(false, "queue-full"),

    /** Refused: the limit left no room before the queue timeout. */
    REFUSED_TIMEOUT(false, "timeout");

    private final boolean admitted;

    private final String tag;

    AdmissionDecision(boolean admitted, String tag) {
        this.admitted = admitted;
        this.tag = tag;
    }

    /**
     * Whether the request may run; if so, its weight must be given back with {@link AdmissionController#exit}.
     *
     * @return {@code true} for the two admitted outcomes
     */
    public boolean isAdmitted() {
        return admitted;
    }

    /**
     * The value of the {@code outcome} tag in metrics, such as {@code queue-full}.
     *
     * @return the tag value
     */
    public String tag() {
        return tag;
    }
}
