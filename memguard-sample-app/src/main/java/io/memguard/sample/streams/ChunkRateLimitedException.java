package io.memguard.sample.streams;

/**
 * A stream sent chunks faster than its rate limit allows.
 *
 * @since 0.1.0
 */
public class ChunkRateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChunkRateLimitedException(String stream, int bytes) {
        super("stream '" + stream + "' is over its rate limit: " + bytes + " more bytes are not allowed now");
    }
}
