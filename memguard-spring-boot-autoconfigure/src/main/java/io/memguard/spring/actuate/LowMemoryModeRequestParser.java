package io.memguard.spring.actuate;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request to change low-memory mode: exactly {@code {"lowMemoryMode": true}} or
 * {@code {"lowMemoryMode": false}}. Anything else is refused with an {@link InvalidLowMemoryModeRequestException}
 * whose message says what is wrong; nothing is guessed ({@code "yes"}, {@code 1} and misspelt or extra
 * fields are refused, so that a typo never silently does nothing).
 *
 * @since 0.1.0
 */
public final class LowMemoryModeRequestParser {

    /** The only field of the request body. */
    public static final String FIELD = "lowMemoryMode";

    private static final String EXPECTED = "send {\"lowMemoryMode\": true} to force low-memory mode on, or"
            + " {\"lowMemoryMode\": false} to hand it back to the automatic rule";

    private final JsonMapper mapper;

    /**
     * Creates a parser using Jackson's shared mapper.
     */
    public LowMemoryModeRequestParser() {
        this(JsonMapper.shared());
    }

    /**
     * Creates a parser using the given mapper.
     *
     * @param mapper reads the raw body
     */
    public LowMemoryModeRequestParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads a raw JSON body.
     *
     * @param body the request body
     * @return the requested value of {@code lowMemoryMode}
     * @throws InvalidLowMemoryModeRequestException if the body is not exactly one of the two accepted forms
     */
    public boolean parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidLowMemoryModeRequestException("The request body is empty; " + EXPECTED + ".");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        }
        catch (JacksonException ex) {
            throw new InvalidLowMemoryModeRequestException("The request body is not valid JSON ("
                    + ex.getOriginalMessage() + "); " + EXPECTED + ".");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidLowMemoryModeRequestException("The request body must be a JSON object, was "
                    + (root == null ? "empty" : describe(root)) + "; " + EXPECTED + ".");
        }
        for (String name : root.propertyNames()) {
            rejectUnknown(name);
        }
        JsonNode value = root.get(FIELD);
        if (value == null) {
            throw missing();
        }
        if (!value.isBoolean()) {
            throw notBoolean(describe(value));
        }
        return value.booleanValue();
    }

    /**
     * Reads a body the actuator has already turned into a map.
     *
     * @param body the request body as a map
     * @return the requested value of {@code lowMemoryMode}
     * @throws InvalidLowMemoryModeRequestException if the body is not exactly one of the two accepted forms
     */
    public boolean parse(Map<String, ?> body) {
        if (body == null) {
            throw new InvalidLowMemoryModeRequestException("The request body is empty; " + EXPECTED + ".");
        }
        body.keySet().forEach(this::rejectUnknown);
        return parseValue(body.get(FIELD));
    }

    /**
     * Reads the value of the {@code lowMemoryMode} field, as bound by the actuator to an operation parameter.
     *
     * @param value the value, {@code null} when the field was missing
     * @return the requested value of {@code lowMemoryMode}
     * @throws InvalidLowMemoryModeRequestException if the value is missing or not a boolean
     */
    public boolean parseValue(@Nullable Object value) {
        if (value == null) {
            throw missing();
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        // The actuator's web layer binds the JSON body as a map of strings, so a JSON true arrives as "true".
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw notBoolean(value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value));
    }

    private void rejectUnknown(String name) {
        if (!FIELD.equals(name)) {
            throw new InvalidLowMemoryModeRequestException("Unknown field \"" + name + "\" in the request body;"
                    + " the only field is \"" + FIELD + "\": " + EXPECTED + ".");
        }
    }

    private static InvalidLowMemoryModeRequestException missing() {
        return new InvalidLowMemoryModeRequestException("The request body has no \"" + FIELD + "\" field; "
                + EXPECTED + ".");
    }

    private static InvalidLowMemoryModeRequestException notBoolean(String value) {
        return new InvalidLowMemoryModeRequestException("\"" + FIELD + "\" must be true or false, was " + value
                + "; " + EXPECTED + ".");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> node.toString();
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> node.toString();
        };
    }
}
