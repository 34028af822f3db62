package io.memguard.autoconfigure.ringbuffer;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.memguard.autoconfigure.ringbuffer.RingBufferProperties.Settings;
import io.memguard.autoconfigure.ringbuffer.RingBufferProperties.ThreadCount;
import io.memguard.ringbuffer.RingBuffer;
import io.memguard.ringbuffer.RingBufferRegistry;

/**
 * Turns {@code memguard.ring-buffers.*} into ring buffers: resolves each setting (instance, then defaults,
 * then memguard's built-in default) and builds the buffer into the registry.
 *
 * <p>{@link RingBufferProperties} checks every value while it is bound, each instance's pairs with what it takes from
 * the defaults too. Only the builder's {@code build()} checks a RESIZE buffer's maximum capacity against its capacity,
 * after the customizers: that fails start-up here, when the buffer bean is made, with Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the property the value came from, such as
 * {@code memguard.ring-buffers.instances.audit.max-capacity}, and the core builder's reason.
 */
final class ConfiguredRingBuffers {

    private static final String PREFIX = "memguard.ring-buffers.";

    private final RingBufferProperties properties;

    private final RingBufferRegistry registry;

    private final List<RingBufferCustomizer> customizers;

    ConfiguredRingBuffers(RingBufferProperties properties, RingBufferRegistry registry,
            List<RingBufferCustomizer> customizers) {
        this.properties = properties;
        this.registry = registry;
        this.customizers = List.copyOf(customizers);
    }

    /**
     * Builds the configured buffer of a name and registers it.
     *
     * @param name a key of {@code memguard.ring-buffers.instances}
     * @return the registered buffer
     */
    RingBuffer<Object> create(String name) {
        if (!properties.getInstances().containsKey(name)) {
            throw new IllegalArgumentException("No ring buffer '" + name + "' under " + PREFIX + "instances");
        }
        RingBuffer.Builder<Object> builder = configure(RingBuffer.builder(name), name);
        for (RingBufferCustomizer customizer : customizers) {
            customizer.customize(name, builder);
        }
        Setting<Integer> maxCapacity = setting(name, "max-capacity", Settings::getMaxCapacity);
        RingBuffer<Object> buffer;
        try {
            buffer = builder.build();
        }
        catch (IllegalArgumentException ex) {
            Setting<Integer> named = (maxCapacity != null) ? maxCapacity
                    : setting(name, "capacity", Settings::getCapacity);
            // Neither property set: a customizer chose the capacity, and the builder's own message says what is wrong.
            throw (named != null) ? invalid(named, ex) : ex;
        }
        return registry.register(buffer);
    }

    private <T> RingBuffer.Builder<T> configure(RingBuffer.Builder<T> builder, @Nullable String name) {
        apply(setting(name, "capacity", Settings::getCapacity), builder::capacity);
        apply(setting(name, "max-capacity", Settings::getMaxCapacity), builder::maxCapacity);
        apply(setting(name, "policy", Settings::getPolicy), builder::policy);
        apply(setting(name, "fallback-policy", Settings::getFallbackPolicy), builder::fallbackPolicy);
        apply(setting(name, "timeout", Settings::getTimeout), builder::timeout);
        apply(setting(name, "producers", Settings::getProducers), producers -> {
            if (producers == ThreadCount.SINGLE) {
                builder.singleProducer();
            }
        });
        apply(setting(name, "consumers", Settings::getConsumers), consumers -> {
            if (consumers == ThreadCount.SINGLE) {
                builder.singleConsumer();
            }
        });

        Setting<Double> high = setting(name, "watermarks.high", settings -> settings.getWatermarks().getHigh());
        Setting<Double> low = setting(name, "watermarks.low", settings -> settings.getWatermarks().getLow());
        if (high != null || low != null) {
            double highValue = (high != null) ? high.value() : RingBuffer.Builder.DEFAULT_HIGH_WATERMARK;
            double lowValue = (low != null) ? low.value() : RingBuffer.Builder.DEFAULT_LOW_WATERMARK;
            apply(blamed(high, low), ignored -> builder.watermarks(highValue, lowValue));
        }

        Setting<Double> highFraction = setting(name, "pressure.high-fraction",
                settings -> settings.getPressure().getHighFraction());
        Setting<Double> criticalFraction = setting(name, "pressure.critical-fraction",
                settings -> settings.getPressure().getCriticalFraction());
        if (highFraction != null || criticalFraction != null) {
            double highValue = (highFraction != null) ? highFraction.value()
                    : RingBuffer.Builder.DEFAULT_HIGH_PRESSURE_FRACTION;
            double criticalValue = (criticalFraction != null) ? criticalFraction.value()
                    : RingBuffer.Builder.DEFAULT_CRITICAL_PRESSURE_FRACTION;
            apply(blamed(highFraction, criticalFraction),
                    ignored -> builder.pressureFractions(highValue, criticalValue));
        }
        return builder;
    }

    /**
     * The property to name when a pair of settings is rejected together: the second (the one checked against
     * the first) when it is set, else the first.
     */
    private static @Nullable Setting<Double> blamed(@Nullable Setting<Double> first,
            @Nullable Setting<Double> second) {
        return (second != null) ? second : first;
    }

    /**
     * Resolves one setting of a buffer: from its instance, else from the defaults.
     *
     * @param name the instance's name, or {@code null} for the defaults alone
     * @return the value with the property it came from, or {@code null} when neither sets it
     */
    private <V> @Nullable Setting<V> setting(@Nullable String name, String key, Function<Settings, V> getter) {
        Settings instance = (name != null) ? properties.getInstances().get(name) : null;
        if (instance != null && getter.apply(instance) != null) {
            return new Setting<>(getter.apply(instance), PREFIX + "instances." + name + "." + key);
        }
        V value = getter.apply(properties.getDefaults());
        return (value != null) ? new Setting<>(value, PREFIX + "defaults." + key) : null;
    }

    private static <V> void apply(@Nullable Setting<V> setting, Consumer<V> target) {
        if (setting != null) {
            target.accept(setting.value());
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(Setting<?> setting,
            IllegalArgumentException ex) {
        return new InvalidConfigurationPropertyValueException(setting.property(), setting.value(), ex.getMessage());
    }

    private record Setting<V>(V value, String property) {

        Setting {
            Objects.requireNonNull(value, "value");
        }
    }
}
