package io.memguard.sample.streams;

/**
 * A chunk that was never acknowledged: unlike an evicted chunk, it never existed.
 *
 * @since 0.1.0
 */
public class UnknownChunkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownChunkException(String message) {
        super(message);
    }
}
