package io.memguard.quota;

/**
 * Bytes allocated for the length of a {@code try} block: closing it releases them exactly once, so an
 * exception can never leak them.
 *
 * <pre>{@code
 * try (QuotaReservation reservation = stream.reserve("frames", frame.length)) {
 *     decode(frame);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface QuotaReservation extends AutoCloseable {

    /**
     * The bytes this reservation holds until it is closed.
     *
     * @return the reserved bytes
     */
    long bytes();

    /**
     * Releases the reserved bytes. Closing again does nothing.
     */
    @Override
    void close();
}
