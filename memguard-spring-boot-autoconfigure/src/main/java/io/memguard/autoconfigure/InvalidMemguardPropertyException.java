package io.memguard.autoconfigure;

import java.util.Objects;
import java.util.regex.Pattern;

import io.memguard.pressure.InvalidPressureSettingException;

/**
 * Thrown at start-up when a {@code memguard.*} property has a value that cannot work. It names the full property,
 * says what is wrong and how to fix it; {@link InvalidMemguardPropertyFailureAnalyzer} turns it into Spring Boot's
 * start-up failure report.
 *
 * @since 0.1.0
 */
public class InvalidMemguardPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** memguard-core names its settings as the properties below {@code memguard.}, such as {@code gc.cooldown}. */
    private static final Pattern CORE_SETTING = Pattern.compile("(?<![\\w.-])((?:pressure|gc)\\.[a-z][\\w.-]*[a-z])");

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
     * Reports a bad memguard-core setting under its property name.
     *
     * @param ex the core's report, naming the setting without the {@code memguard.} prefix
     * @return the exception naming the full property; it replaces {@code ex}, whose message it carries, so that
     *         the root cause of the start-up failure names the property as the user wrote it
     */
    public static InvalidMemguardPropertyException of(InvalidPressureSettingException ex) {
        String property = "memguard." + ex.setting();
        String problem = CORE_SETTING.matcher(ex.getMessage()).replaceAll("memguard.$1");
        return new InvalidMemguardPropertyException(property, problem, actionFor(property));
    }

    private static String actionFor(String property) {
        if (property.endsWith(".interval") || property.endsWith(".cooldown")) {
            return "Set " + property + " to a positive duration, such as 1s or 500ms.";
        }
        if (property.equals("memguard.pressure.fast-interval")) {
            return "Set memguard.pressure.fast-interval to a positive duration, such as 100ms.";
        }
        if (property.equals("memguard.pressure.fast-from-level")) {
            return "Set memguard.pressure.fast-from-level to low, moderate, high or critical.";
        }
        if (property.equals("memguard.pressure.fast-rise-rate")) {
            return "Set memguard.pressure.fast-rise-rate to a positive ratio of the container limit per second, such"
                    + " as 0.02.";
        }
        if (property.equals("memguard.pressure.lead-time")) {
            return "Set memguard.pressure.lead-time to a duration of zero or more, such as 2s (0s turns the growth"
                    + " projection off).";
        }
        if (property.equals("memguard.pressure.hysteresis")) {
            return "Set memguard.pressure.hysteresis to at least 0 and below the smallest gap between neighbouring"
                    + " thresholds (the low threshold counts as a gap from 0), or move the thresholds apart.";
        }
        if (property.startsWith("memguard.pressure.thresholds.") || property.startsWith("memguard.pressure.psi.")) {
            String group = property.substring(0, property.lastIndexOf('.'));
            return "Set " + property + " to a ratio greater than 0 and at most 1, so that " + group
                    + ".low < moderate < high < critical.";
        }
        return "Set " + property + " to a valid value; see the memguard property reference.";
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
