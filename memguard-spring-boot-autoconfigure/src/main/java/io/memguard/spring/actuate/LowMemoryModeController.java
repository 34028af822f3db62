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
 * message rather than a generic one. Nothing is guessed: {@code "yes"}, {@code 1} or a missing field are refused
 * with an {@link InvalidLowMemoryModeRequestException} that says what to send, so that a typo never silently does
 * nothing.
 *
 * @since 0.1.0
 */
public final class LowMemoryModeController {

    /** The only field of the request body. */
    public static final String FIELD = "lowMemoryMode";

    private static final String EXPECTED = "send {\"lowMemoryMode\": true} to force low-memory mode on, or"
            + " {\"lowMemoryMode\": false} to hand it back to the automatic rule";

    private final LowMemoryMode mode;

    private final boolean automaticEnabled;

    /**
     * Creates the controller.
     *
     * @param mode             the mode to control
     * @param automaticEnabled whether the automatic rule is enabled, for the descriptor
     */
    public LowMemoryModeController(LowMemoryMode mode, boolean automaticEnabled) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.automaticEnabled = automaticEnabled;
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
        if (read(lowMemoryMode)) {
            mode.forceOn();
        }
        else {
            mode.release();
        }
        return state();
    }

    private static boolean read(@Nullable Object value) {
        if (value == null) {
            throw new InvalidLowMemoryModeRequestException("The request body has no \"" + FIELD + "\" field; "
                    + EXPECTED + ".");
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        // The actuator's web layer binds the JSON body as a map of strings, so a JSON true arrives as "true".
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        String shown = (value instanceof CharSequence) ? "\"" + value + "\"" : String.valueOf(value);
        throw new InvalidLowMemoryModeRequestException("\"" + FIELD + "\" must be true or false, was " + shown + "; "
                + EXPECTED + ".");
    }
}
