package io.memguard.spring.actuate;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.memguard.protect.LowMemoryMode;

/**
 * Reads and changes low-memory mode on behalf of {@code /actuator/memory}: {@code {"lowMemoryMode": true}}
 * forces the mode on until {@code {"lowMemoryMode": false}} hands control back to the automatic rule.
 *
 * <p>The memory endpoint's write operation delegates here, binding the body's field as a nullable
 * {@code Object} so that a missing or non-boolean value gets this class's message rather than a generic one:
 * <pre>{@code
 * @WriteOperation
 * public WebEndpointResponse<Object> write(@Nullable Object lowMemoryMode) {
 *     return lowMemoryModeController.write(lowMemoryMode);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LowMemoryModeController {

    private final LowMemoryMode mode;

    private final boolean automaticEnabled;

    private final LowMemoryModeRequestParser parser;

    /**
     * Creates the controller.
     *
     * @param mode             the mode to control
     * @param automaticEnabled whether the automatic rule is enabled, for the descriptor
     * @param parser           reads requests
     */
    public LowMemoryModeController(LowMemoryMode mode, boolean automaticEnabled, LowMemoryModeRequestParser parser) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.automaticEnabled = automaticEnabled;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * The mode now.
     *
     * @return the descriptor of the mode
     */
    public LowMemoryModeDescriptor state() {
        return LowMemoryModeDescriptor.of(mode, automaticEnabled);
    }

    /**
     * Forces the mode on, or hands it back to the automatic rule.
     *
     * @param lowMemoryMode {@code true} to force the mode on, {@code false} to release it
     * @return the mode after the change
     * @throws InvalidLowMemoryModeRequestException if {@code lowMemoryMode} is {@code null}
     */
    public LowMemoryModeDescriptor force(Boolean lowMemoryMode) {
        if (parser.parseValue(lowMemoryMode)) {
            mode.forceOn();
        }
        else {
            mode.release();
        }
        return state();
    }

    /**
     * Applies a raw JSON request body.
     *
     * @param body {@code {"lowMemoryMode": true}} or {@code {"lowMemoryMode": false}}
     * @return the mode after the change
     * @throws InvalidLowMemoryModeRequestException if the body is malformed; nothing is changed then
     */
    public LowMemoryModeDescriptor apply(String body) {
        return force(parser.parse(body));
    }

    /**
     * The actuator write operation: 200 with the mode after the change, or 400 with a message that says what
     * to send, changing nothing.
     *
     * @param lowMemoryMode the bound value of the {@code lowMemoryMode} field, {@code null} when missing
     * @return the response
     */
    public WebEndpointResponse<Object> write(@Nullable Object lowMemoryMode) {
        try {
            return new WebEndpointResponse<>(force(parser.parseValue(lowMemoryMode)), WebEndpointResponse.STATUS_OK);
        }
        catch (InvalidLowMemoryModeRequestException ex) {
            return new WebEndpointResponse<>(new Error(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request",
                    ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }

    /**
     * The body of a refused request.
     *
     * @param status  the HTTP status, 400
     * @param error   the status reason
     * @param message what is wrong and what to send
     * @since 0.1.0
     */
    public record Error(int status, String error, @Nullable String message) {
    }
}
