package io.memguard.autoconfigure;

import java.util.Objects;

/**
 * Thrown at start-up when a {@code memguard.*} property has a value that cannot work. It names the full property,
 * says what is wrong and how to fix it; {@link InvalidMemguardPropertyFailureAnalyzer} turns it into Spring Boot's
 * start-up failure report.
 *
 * @since 0.1.0
 */
public class InvalidMemguardPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    /**
     * Creates the exception.
     *
     * @param property the full property name, such as {@code memguard.pressure.thresholds.high}
     * @param problem  what is wrong, naming the property and the value it had
     * @param action   what to change to fix it
     */
    public InvalidMemguardPropertyException(String property, String problem, String action) {
        super(problem);
        this.property = Objects.requireNonNull(property, "property");
        this.action = Objects.requireNonNull(action, "action");
    }

    /**
     * Reports a property whose value breaks a rule, in the shape every memguard property check uses:
     * {@code <property> <rule>, was <value>}.
     *
     * @param property the full property name, such as {@code memguard.shedding.retry-after}
     * @param value    the value it had
     * @param rule     what the value must be, such as {@code must be positive} or {@code must be in (0..1]}
     * @param action   what to change to fix it, naming the property
     * @return the exception
     */
    public static InvalidMemguardPropertyException of(String property, Object value, String rule, String action) {
        return new InvalidMemguardPropertyException(property, property + " " + rule + ", was " + value, action);
    }

    /**
     * The full name of the bad property.
     *
     * @return a property name such as {@code memguard.gc.cooldown}
     */
    public String property() {
        return property;
    }

    /**
     * How to fix the property.
     *
     * @return a sentence naming the property and the values it accepts
     */
    public String action() {
        return action;
    }
}
