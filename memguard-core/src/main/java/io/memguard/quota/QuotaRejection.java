package io.memguard.quota;

import java.util.Objects;

import io.memguard.internal.ByteSizes;

/**
 * An allocation (or a new stream) that a quota refused: which limit, and by how much.
 *
 * @param limit          the limit that refused it
 * @param stream         the stream that asked
 * @param requestedBytes the bytes asked for; {@code 0} when a new stream was refused
 * @param usedBytes      what the limit's owner (the stream, or the whole quota) held when it refused
 * @param limitBytes     the limit in bytes: the stream's limit, or the global critical threshold
 * @since 0.1.0
 */
public record QuotaRejection(Limit limit, String stream, long requestedBytes, long usedBytes, long limitBytes) {

    public QuotaRejection {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(stream, "stream");
    }

    /**
     * By how much the allocation would have gone over the limit.
     *
     * @return {@code usedBytes + requestedBytes - limitBytes}, never negative
     */
    public long excessBytes() {
        return Math.max(0, usedBytes + requestedBytes - limitBytes);
    }

    /**
     * A sentence that says which limit refused what, and by how much.
     *
     * @return the explanation used as the exception message
     */
    public String describe() {
        if (limit == Limit.STREAM) {
            return "stream '" + stream + "' would exceed its limit of " + ByteSizes.format(limitBytes) + " by "
                    + ByteSizes.format(excessBytes()) + " (" + ByteSizes.format(usedBytes) + " used, "
                    + ByteSizes.format(requestedBytes) + " requested) and no more of its entries could be evicted";
        }
        if (requestedBytes == 0) {
            return "new stream '" + stream + "' refused: global quota usage " + ByteSizes.format(usedBytes)
                    + " has reached its critical threshold of " + ByteSizes.format(limitBytes);
        }
        return "allocation of " + ByteSizes.format(requestedBytes) + " for stream '" + stream
                + "' refused: global quota usage " + ByteSizes.format(usedBytes) + " plus "
                + ByteSizes.format(requestedBytes) + " would exceed its critical threshold of "
                + ByteSizes.format(limitBytes) + " by " + ByteSizes.format(excessBytes());
    }

    /**
     * The limit that made an allocation fail.
     *
     * @since 0.1.0
     */
    public enum Limit {

        /** The stream's own limit. */
        STREAM("stream"),

        /** The critical threshold of the global limit. */
        GLOBAL("global");

        private final String id;

        Limit(String id) {
            this.id = id;
        }

        /**
         * The name used in metric tags and JSON.
         *
         * @return a lower-case id
         */
        public String id() {
            return id;
        }
    }
}
