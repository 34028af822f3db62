package io.memguard.protect;

/**
 * Why low-memory mode was entered or left.
 *
 * @since 0.1.0
 */
public enum LowMemoryModeCause {

    /** Entered automatically: the pressure level reached the enter level. */
    PRESSURE(true, "memory pressure reached the enter level"),

    /** Entered by hand: someone forced the mode on through the Java API or the actuator endpoint. */
    FORCED(true, "forced on by hand"),

    /** Left automatically: the level fell to the exit level and the minimum time in mode had passed. */
    RECOVERED(false, "memory pressure recovered"),

    /** Left because the manual setting was released while the automatic rule did not call for the mode. */
    RELEASED(false, "manual setting released");

    private final boolean entering;

    private final String description;

    LowMemoryModeCause(boolean entering, String description) {
        this.entering = entering;
        this.description = description;
    }

    /**
     * Whether this cause turns the mode on.
     *
     * @return {@code true} for {@link #PRESSURE} and {@link #FORCED}
     */
    public boolean isEntering() {
        return entering;
    }

    /**
     * A short human-readable explanation, such as {@code memory pressure recovered}.
     *
     * @return the description of this cause
     */
    public String description() {
        return description;
    }
}
