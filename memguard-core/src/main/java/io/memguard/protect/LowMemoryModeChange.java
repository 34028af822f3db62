package io.memguard.protect;

import java.time.Instant;
import java.util.Objects;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * Low-memory mode was entered or left.
 *
 * @param active    whether the mode is on after this change
 * @param cause     why it changed
 * @param level     the memory pressure level when it changed
 * @param timestamp when it changed
 * @since 0.1.0
 */
public record LowMemoryModeChange(boolean active, Cause cause, MemoryPressureLevel level,
        Instant timestamp) {

    public LowMemoryModeChange {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(timestamp, "timestamp");
        if (active != cause.isEntering()) {
            throw new IllegalArgumentException("cause " + cause + " does not " + (active ? "enter" : "leave")
                    + " low-memory mode");
        }
    }

    /**
     * Whether the mode was entered.
     *
     * @return {@code true} when the mode turned on
     */
    public boolean entered() {
        return active;
    }

    /**
     * Whether the mode was left.
     *
     * @return {@code true} when the mode turned off
     */
    public boolean left() {
        return !active;
    }

    /**
     * A one-line explanation for logs and events, such as
     * {@code low-memory mode entered: memory pressure reached the enter level (level HIGH)}.
     *
     * @return the explanation
     */
    public String describe() {
        return "low-memory mode " + (active ? "entered" : "left") + ": " + cause.description() + " (level "
                + level + ")";
    }

    /**
     * Why low-memory mode was entered or left.
     *
     * @since 0.1.0
     */
    public enum Cause {

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

        Cause(boolean entering, String description) {
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
}
