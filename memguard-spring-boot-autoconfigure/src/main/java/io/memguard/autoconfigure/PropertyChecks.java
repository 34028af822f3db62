package io.memguard.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.memguard.pressure.MemoryPressureLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The value rules that memguard's properties classes share, for their {@link org.springframework.validation.Validator}
 * methods. Spring Boot runs those while it binds the properties, and its failure analysis then shows the property, its
 * value, where it was set, and the reason given here, which says how to fix it.
 *
 * <p>Each rule rejects a field of the object being validated; {@link #property} names another property of the same
 * object for a reason that involves two, so that no property name is written out by hand.
 *
 * <p>Boot names a rejected field by its Java path ({@code memguard.pressure.fastInterval}), and finds where it was
 * set only for a field of the object validated itself. A rejection here is named by the property as the user writes
 * it ({@code memguard.pressure.fast-interval}, nested ones too), so it carries its origin itself: {@link Origins},
 * which every auto-configuration that binds memguard properties imports, fills it in from the properties Boot bound.
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
            rejectField(errors, field, "must be a positive duration, such as " + example);
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
            rejectField(errors, field, "must be zero or a positive duration, such as " + example);
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
            rejectField(errors, field, "must be a ratio above 0 and at most 1, such as " + example);
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
            rejectField(errors, field, "must be positive, such as " + example);
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
            rejectField(errors, field, "must be at least " + minimum);
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
            rejectField(errors, field, "must be LOW, MODERATE, HIGH or CRITICAL" + why);
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
            rejectField(errors, field, "must be set");
            return;
        }
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            rejectField(errors, field, String.valueOf(ex.getMessage()));
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
        rejectField(errors, field, reason);
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

    /**
     * Rejects {@code field} with a {@link PropertyError} named in kebab case, whose value is read as Boot reads it
     * (the value bound, or the object's own); without a binding result to add it to, a plain field error.
     */
    private static void rejectField(Errors errors, String field, String reason) {
        if (!(errors instanceof BindingResult result)) {
            errors.rejectValue(field, CODE, reason);
            return;
        }
        result.addError(new PropertyError(result.getObjectName(), DataObjectPropertyName.toDashedForm(field),
                result.getRawFieldValue(field), result.resolveMessageCodes(CODE, field), reason));
    }

    /**
     * A rejected value named by its property as the user writes it, relative to the object validated; its origin is
     * filled in by {@link Origins} once Boot has bound the group.
     */
    static final class PropertyError extends FieldError implements OriginProvider {

        private transient @Nullable Origin origin;

        PropertyError(String objectName, String property, @Nullable Object value, String[] codes, String reason) {
            super(objectName, property, value, false, codes, null, reason);
        }

        @Override
        public @Nullable Origin getOrigin() {
            return origin;
        }

        /** Takes the origin of the bound property this error names, or of the first bound below it (a list's). */
        void locateIn(Iterable<ConfigurationProperty> bound) {
            ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(getObjectName() + "." + getField());
            if (name == null || origin != null) {
                return;
            }
            for (ConfigurationProperty property : bound) {
                if (property.getName().equals(name)) {
                    origin = Origin.from(property);
                    return;
                }
                if (origin == null && name.isAncestorOf(property.getName())) {
                    origin = Origin.from(property);
                }
            }
        }
    }

    /**
     * Gives each {@link PropertyError} of a failed binding the origin of its property: Boot looks one up only for a
     * field named by its Java name, and reports the properties it bound with the failure.
     *
     * @since 0.2.0
     */
    public static final class Origins implements ConfigurationPropertiesBindHandlerAdvisor {

        @Override
        public BindHandler apply(BindHandler bindHandler) {
            return new AbstractBindHandler(bindHandler) {

                @Override
                public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target,
                        BindContext context, Exception error) throws Exception {
                    try {
                        return super.onFailure(name, target, context, error);
                    }
                    catch (BindValidationException ex) {
                        throw located(ex);
                    }
                }

                @Override
                public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                        @Nullable Object result) throws Exception {
                    try {
                        super.onFinish(name, target, context, result);
                    }
                    catch (BindValidationException ex) {
                        throw located(ex);
                    }
                }
            };
        }

        private static BindValidationException located(BindValidationException ex) {
            for (ObjectError error : ex.getValidationErrors()) {
                if (error instanceof PropertyError rejected) {
                    rejected.locateIn(ex.getValidationErrors().getBoundProperties());
                }
            }
            return ex;
        }
    }
}
