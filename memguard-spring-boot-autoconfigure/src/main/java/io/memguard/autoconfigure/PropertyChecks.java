package io.memguard.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.validation.Errors;

/**
 * The value rules that memguard's properties classes share, for their {@link org.springframework.validation.Validator}
 * methods. Spring Boot runs those while it binds the properties, and its failure analysis then shows the property, its
 * value, where it was set, and the reason given here, which says how to fix it.
 *
 * <p>Each rule rejects a field of the object being validated; {@link #property} names another property of the same
 * object for a reason that involves two, so that no property name is written out by hand.
 *
 * @since 0.2.0
 */
public final class PropertyChecks {

    private static final String CODE = "invalid";

    private PropertyChecks() {
    }

    /**
     * Rejects {@code field} unless it is a positive duration.
     *
     * @param errors  the errors of the object being validated
     * @param field   the field, such as {@code checkInterval}
     * @param value   its value
     * @param example a valid value to suggest, such as {@code 1s}
     */
    public static void positive(Errors errors, String field, @Nullable Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.rejectValue(field, CODE, "must be a positive duration, such as " + example);
        }
    }

    /**
     * Rejects {@code field} unless it is zero or a positive duration.
     *
     * @param errors  the errors of the object being validated
     * @param field   the field
     * @param value   its value
     * @param example a valid value to suggest, with what zero means, such as {@code 30s, or 0s for no minimum}
     */
    public static void notNegative(Errors errors, String field, @Nullable Duration value, String example) {
        if (value == null || value.isNegative()) {
            errors.rejectValue(field, CODE, "must be zero or a positive duration, such as " + example);
        }
    }

    /**
     * Rejects {@code field} unless it is a ratio above 0 and at most 1.
     *
     * @param errors  the errors of the object being validated
     * @param field   the field
     * @param value   its value
     * @param example a valid value to suggest
     */
    public static void ratio(Errors errors, String field, double value, String example) {
        if (!(value > 0.0 && value <= 1.0)) {
            errors.rejectValue(field, CODE, "must be a ratio above 0 and at most 1, such as " + example);
        }
    }

    /**
     * Rejects {@code field} unless it is a positive, finite number.
     *
     * @param errors  the errors of the object being validated
     * @param field   the field
     * @param value   its value
     * @param example a valid value to suggest
     */
    public static void positive(Errors errors, String field, double value, String example) {
        if (!(value > 0.0 && Double.isFinite(value))) {
            errors.rejectValue(field, CODE, "must be positive, such as " + example);
        }
    }

    /**
     * Rejects {@code field} unless it is at least {@code minimum}.
     *
     * @param errors  the errors of the object being validated
     * @param field   the field
     * @param value   its value
     * @param minimum the least value allowed
     */
    public static void atLeast(Errors errors, String field, long value, long minimum) {
        if (value < minimum) {
            errors.rejectValue(field, CODE, "must be at least " + minimum);
        }
    }

    /**
     * Rejects {@code field} unless it is a pressure level above NONE.
     *
     * @param errors the errors of the object being validated
     * @param field  the field
     * @param value  its value
     * @param why    what NONE would mean, and what to set instead to get that, such as
     *               {@code "; to keep the mode off, set memguard.low-memory.enabled=false"}; may be empty
     */
    public static void aboveNone(Errors errors, String field, @Nullable MemoryPressureLevel value, String why) {
        if (value == null || value == MemoryPressureLevel.NONE) {
            errors.rejectValue(field, CODE, "must be LOW, MODERATE, HIGH or CRITICAL" + why);
        }
    }

    /**
     * Rejects {@code field} when the memguard-core setter that owns its rule refuses the value, giving the core's
     * reason (which names the core's parameter, the range it takes and the value). A missing value is rejected too.
     *
     * @param <V>    the value's type
     * @param errors the errors of the object being validated
     * @param field  the field
     * @param value  its value
     * @param setter a setter of a throwaway core builder, which throws {@link IllegalArgumentException} for a value
     *               it refuses
     */
    public static <V> void acceptedBy(Errors errors, String field, @Nullable V value, Consumer<V> setter) {
        if (value == null) {
            errors.rejectValue(field, CODE, "must be set");
            return;
        }
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            errors.rejectValue(field, CODE, String.valueOf(ex.getMessage()));
        }
    }

    /**
     * Rejects {@code field} with {@code reason}.
     *
     * @param errors the errors of the object being validated
     * @param field  the field
     * @param reason why the value is wrong and how to fix it
     */
    public static void reject(Errors errors, String field, String reason) {
        errors.rejectValue(field, CODE, reason);
    }

    /**
     * The full name of a property of the object being validated, for a reason that names a second property.
     *
     * @param errors the errors of the object being validated, named after its prefix, such as
     *               {@code memguard.low-memory}
     * @param field  the field, such as {@code enterLevel}
     * @return the property name, such as {@code memguard.low-memory.enter-level}
     */
    public static String property(Errors errors, String field) {
        return errors.getObjectName() + "." + DataObjectPropertyName.toDashedForm(field);
    }
}
