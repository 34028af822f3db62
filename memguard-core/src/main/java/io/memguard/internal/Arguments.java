package io.memguard.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by memguard's builders, each failing with a message that names the argument.
 *
 * <p>Internal to memguard: not an API, may change without notice.
 *
 * @since 0.1.0
 */
public final class Arguments {

    private Arguments() {
    }

    /**
     * Checks that a share is in (0..1].
     *
     * @param fraction the value
     * @param name     the argument's name
     * @return {@code fraction}
     * @throws IllegalArgumentException if it is not in (0..1], NaN included
     */
    public static double fraction(double fraction, String name) {
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in (0..1], was " + fraction);
        }
        return fraction;
    }

    /**
     * Checks that a duration is given and not negative.
     *
     * @param duration the value
     * @param name     the argument's name
     * @return {@code duration}
     * @throws NullPointerException     if it is {@code null}
     * @throws IllegalArgumentException if it is negative
     */
    public static Duration notNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + duration);
        }
        return duration;
    }
}
