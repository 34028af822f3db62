package io.memguard.spring.actuate;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.protect.LowMemoryMode;

/**
 * Reads and changes low-memory mode on behalf of {@code /actuator/memory}: {@code {"lowMemoryMode": true}}
 * forces the mode on until {@code {"lowMemoryMode": false}} hands control back to the automatic rule.
 *
 * <p>The endpoint's web extension ({@link MemoryEndpointWebExtension}) writes through {@link #force(Object)}, with
 * the body's field bound as a nullable {@code Object}, so that a missing or non-boolean value gets this class's
 * message rather than a generic one.
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
     * @param lowMemoryMode {@code true} to force the mode on, {@code false} to release it; the strings
     *                      {@code "true"} and {@code "false"}, as the actuator's web layer binds a JSON body, are
     *                      read the same
     * @return the mode after the change
     * @throws InvalidLowMemoryModeRequestException if {@code lowMemoryMode} is {@code null} or not a boolean;
     *                                              nothing is changed then
     */
    public LowMemoryModeDescriptor force(@Nullable Object lowMemoryMode) {
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
}
