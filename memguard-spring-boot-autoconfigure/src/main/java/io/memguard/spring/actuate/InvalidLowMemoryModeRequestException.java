package io.memguard.spring.actuate;

/**
 * A request to change low-memory mode that is not {@code {"lowMemoryMode": true}} or
 * {@code {"lowMemoryMode": false}}. Its message says what is wrong and what to send; the endpoint answers it
 * with 400 Bad Request.
 *
 * @since 0.1.0
 */
public class InvalidLowMemoryModeRequestException extends IllegalArgumentException {

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the request and what to send instead
     */
    public InvalidLowMemoryModeRequestException(String message) {
        super(message);
    }
}
