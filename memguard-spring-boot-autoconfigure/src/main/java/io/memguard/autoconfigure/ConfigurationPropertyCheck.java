package io.memguard.autoconfigure;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Hands a property's value to the memguard-core builder setter that checks it, and turns a rejection into an
 * {@link InvalidMemguardPropertyException} that names the full property, its value, the core's reason and the fix,
 * which {@link InvalidMemguardPropertyFailureAnalyzer} shows at start-up in the same shape as every other bad
 * {@code memguard.*} property.
 *
 * @since 0.1.0
 */
public final class ConfigurationPropertyCheck {

    private ConfigurationPropertyCheck() {
    }

    /**
     * Applies {@code value} through {@code setter}, with a generic fix.
     *
     * @param <V>      the value's type
     * @param property the full property name, such as {@code memguard.buffer-pool.max-per-bucket}
     * @param value    its bound value
     * @param setter   a core setter that throws {@link IllegalArgumentException} for a bad value
     * @throws InvalidMemguardPropertyException if the value is missing or rejected
     */
    public static <V> void apply(String property, V value, Consumer<V> setter) {
        apply(property, value, setter, "Set " + property + " to a value the reason above allows;"
                + " see the memguard property reference.");
    }

    /**
     * Applies {@code value} through {@code setter}.
     *
     * @param <V>      the value's type
     * @param property the full property name, such as {@code memguard.quota.global-limit}
     * @param value    its bound value
     * @param setter   a core setter that throws {@link IllegalArgumentException} for a bad value
     * @param action   how to fix a rejected value, naming the property
     * @throws InvalidMemguardPropertyException if the value is missing or rejected
     */
    public static <V> void apply(String property, @Nullable V value, Consumer<V> setter, String action) {
        if (value == null) {
            throw rejected(property, null, "a value is required", action);
        }
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw rejected(property, value, ex.getMessage(), action);
        }
    }

    /**
     * The failure for a value that memguard rejects.
     *
     * @param property the full property name
     * @param value    its bound value, or {@code null} when it is missing
     * @param reason   why it is rejected, such as the message of the core's {@link IllegalArgumentException}
     * @param action   how to fix it, naming the property
     * @return the exception to throw
     */
    public static InvalidMemguardPropertyException rejected(String property, @Nullable Object value,
            @Nullable String reason, String action) {
        return new InvalidMemguardPropertyException(property,
                "Invalid value '" + value + "' for " + property + ": " + reason, action);
    }
}
