package io.memguard.admission;

/**
 * How much of the admission limit a request may use. Under pressure the limit shrinks, and the lowest priority
 * reaches its share first: its requests wait, then are refused, while higher priorities still get in.
 *
 * @since 0.3.0
 */
public enum Priority {

    /** Work that can be retried later (bulk imports, reports, batch calls): at most half of the limit. */
    LOW(0.5),

    /** Ordinary requests: at most 80% of the limit, so that a fifth stays for {@link #HIGH}. */
    NORMAL(0.8),

    /** Work that must go through while memory allows any (health of the business: checkout, login): the whole limit. */
    HIGH(1.0);

    private final double share;

    Priority(double share) {
        this.share = share;
    }

    /**
     * The share of the limit that in-flight work may reach for a request of this priority to be admitted.
     *
     * @return a ratio in (0..1]
     */
    public double share() {
        return share;
    }

    /**
     * The in-flight weight up to which a request of this priority is admitted under a limit.
     *
     * @param limit the controller's limit
     * @return {@code limit} times this priority's share
     */
    long capOf(long limit) {
        return (share == 1.0) ? limit : (long) (limit * share);
    }
}
