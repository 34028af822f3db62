package io.memguard.autoconfigure;

import java.util.function.Consumer;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Hands a property's value to the memguard-core builder setter that checks it, and turns a rejection into an
 * {@link InvalidConfigurationPropertyValueException} that names the full property, its value and the accepted
 * values, which Spring Boot's failure analyzer shows at start-up.
 *
 * @since 0.1.0
 */
public final class ConfigurationPropertyCheck {

    private ConfigurationPropertyCheck() {
    }

    /**
     * Applies {@code value} through {@code setter}.
     *
     * @param <V>      the value's type
     * @param property the full property name, such as {@code memguard.buffer-pool.max-per-bucket}
     * @param value    its bound value
     * @param setter   a core setter that throws {@link IllegalArgumentException} for a bad value
     * @throws InvalidConfigurationPropertyValueException if the value is missing or rejected
     */
    public static <V> void apply(String property, V value, Consumer<V> setter) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(property, null, "a value is required");
        }
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
        }
    }
}
