package io.memguard.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.memguard.autoconfigure.admission.AdmissionProperties;
import io.memguard.autoconfigure.buffer.BufferPoolProperties;
import io.memguard.autoconfigure.cleanup.CleanupProperties;
import io.memguard.autoconfigure.diagnostics.LeakDetectionProperties;
import io.memguard.autoconfigure.diagnostics.OutOfMemoryProperties;
import io.memguard.autoconfigure.diagnostics.RecommendationsProperties;
import io.memguard.autoconfigure.pool.ObjectPoolProperties;
import io.memguard.autoconfigure.protect.ConcurrencyLimitProperties;
import io.memguard.autoconfigure.protect.LoadSheddingProperties;
import io.memguard.autoconfigure.protect.LowMemoryModeProperties;
import io.memguard.autoconfigure.protect.MemoryReadinessProperties;
import io.memguard.autoconfigure.quota.QuotaProperties;
import io.memguard.autoconfigure.ringbuffer.RingBufferProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Checks every {@code memguard.*} key of the environment once, at start-up, before any memguard bean exists, so
 * that no switch is silently ignored or misread:
 * <ul>
 * <li>a key that no memguard property has fails start-up, naming it and the nearest valid key (with
 * {@code memguard.unknown-properties=warn}, one warning says the same instead): Spring Boot has no such check for
 * keys that several properties classes share below one prefix. The failure is Boot's
 * {@link InvalidConfigurationPropertyValueException}, whose analysis adds where the key was set;</li>
 * <li>a value that cannot be converted fails start-up as Boot reports it (property, value, origin), before any
 * memguard bean exists;</li>
 * <li>a boolean must be {@code true} or {@code false}: Spring's converter would read {@code yes} or {@code on} as
 * true, while {@code @ConditionalOnBooleanProperty}, which reads the same switch to decide whether a feature is
 * configured at all, reads anything but {@code true} as false. Boot reports the rejection as a failed binding of
 * that property.</li>
 * </ul>
 * Values that convert are checked by the properties classes themselves, while Boot binds them.
 * It binds every memguard properties class with Spring Boot's own {@link NoUnboundElementsBindHandler} and
 * {@link UnboundElementsSourceFilter}, as {@code @ConfigurationProperties(ignoreUnknownFields = false)} does, but
 * over all of them at once: each class alone would see the others' keys below {@code memguard} as unknown. Keys
 * from environment variables and system properties are not checked, as Boot does not check them either: the
 * environment of a process may hold unrelated {@code MEMGUARD_*} variables.
 *
 * @since 0.1.0
 */
public final class MemguardPropertiesCheck {

    /**
     * Every class bound from {@code memguard.*}. {@code MemguardPropertiesCheckTests} keeps this list in step with
     * the root groups of the configuration metadata, so a new properties class cannot be forgotten here.
     */
    static final List<Class<?>> PROPERTIES_CLASSES = List.of(MemguardProperties.class, BufferPoolProperties.class,
            CleanupProperties.class, LeakDetectionProperties.class, RecommendationsProperties.class,
            ObjectPoolProperties.class, ConcurrencyLimitProperties.class, LoadSheddingProperties.class,
            LowMemoryModeProperties.class, MemoryReadinessProperties.class, OutOfMemoryProperties.class,
            QuotaProperties.class, RingBufferProperties.class, AdmissionProperties.class);

    static final String UNKNOWN_PROPERTIES = "memguard.unknown-properties";

    /**
     * Keys that left {@code memguard.*} for the actuator's namespace, by old prefix and new: their fix names the new
     * key, which no edit distance would find.
     */
    private static final Map<String, String> MOVED = Map.of("memguard.health.", "management.health.memory.",
            "memguard.quota.endpoint.", "management.endpoint.memory.quotas.");

    private static final Logger logger = LoggerFactory.getLogger(MemguardPropertiesCheck.class);

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("memguard");

    private MemguardPropertiesCheck() {
    }

    /**
     * Checks the {@code memguard.*} keys of {@code environment}.
     *
     * @param environment the application's environment
     * @throws InvalidConfigurationPropertyValueException for an unknown key, unless unknown keys only warn
     * @throws BindException                               for a value that cannot be converted, or a boolean that
     *                                                     is not true or false
     */
    public static void check(Environment environment) {
        check(environment, () -> MemguardPropertyNames.fromMetadata(MemguardPropertiesCheck.class.getClassLoader()));
    }

    /**
     * Checks as {@link #check(Environment)} does, reading the property names only once a key is unknown: the
     * metadata of every jar on the class path is large, and parsing it cost a correct configuration about 100 ms of
     * start-up.
     */
    static void check(Environment environment, Supplier<MemguardPropertyNames> propertyNames) {
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        if (!anyKeyBelow(ROOT, sources)) {
            return;
        }
        Binder binder = Binder.get(environment);
        MemguardProperties.UnknownProperties policy = bind(binder, UNKNOWN_PROPERTIES,
                Bindable.of(MemguardProperties.UnknownProperties.class), new StrictValues(BindHandler.DEFAULT))
                .orElse(MemguardProperties.UnknownProperties.FAIL);
        Set<ConfigurationProperty> unknown = unknownKeys(binder, sources);
        if (unknown.isEmpty()) {
            return;
        }
        InvalidConfigurationPropertyValueException report = unknownKeysReport(unknown, propertyNames.get());
        if (policy == MemguardProperties.UnknownProperties.FAIL) {
            throw report;
        }
        logger.warn("Unknown property '{}': {}", report.getName(), report.getReason());
    }

    /**
     * Binds every properties class with one handler that remembers every bound key, deepest prefix first, so that
     * the root {@code memguard} class, bound last, sees only the keys that no class took.
     */
    private static Set<ConfigurationProperty> unknownKeys(Binder binder, Iterable<ConfigurationPropertySource> sources) {
        StrictValues handler = new StrictValues(
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT, new UnboundElementsSourceFilter()));
        Set<ConfigurationProperty> unknown = new TreeSet<>();
        List<Class<?>> classes = new ArrayList<>(PROPERTIES_CLASSES);
        classes.sort(Comparator.comparingInt((Class<?> type) -> prefix(type).getNumberOfElements()).reversed());
        for (Class<?> type : classes) {
            // A class with no key below its prefix has no value to check and leaves no key unbound.
            if (!anyKeyBelow(prefix(type), sources)) {
                continue;
            }
            try {
                bind(binder, prefix(type).toString(), Bindable.of(type), handler);
            }
            catch (UnboundConfigurationPropertiesException ex) {
                unknown.addAll(ex.getUnboundProperties());
            }
        }
        // A documented key set to an empty value binds to null, which the binder reports as unbound: it is known.
        unknown.removeIf((property) -> handler.boundToNull.contains(property.getName()));
        return unknown;
    }

    private static <T> BindResult<T> bind(Binder binder,
            String name, Bindable<T> target, BindHandler handler) {
        try {
            return binder.bind(name, target, handler);
        }
        catch (BindException ex) {
            // Unknown keys are collected and reported together; any other failure is Boot's own report.
            if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                throw unbound;
            }
            throw ex;
        }
    }

    /** Whether any source may hold a key below {@code name}; binding is what costs, so it is skipped where none can. */
    private static boolean anyKeyBelow(ConfigurationPropertyName name, Iterable<ConfigurationPropertySource> sources) {
        for (ConfigurationPropertySource source : sources) {
            if (source.containsDescendantOf(name) != ConfigurationPropertyState.ABSENT) {
                return true;
            }
        }
        return false;
    }

    private static ConfigurationPropertyName prefix(Class<?> type) {
        String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
        return ConfigurationPropertyName.of(prefix);
    }

    /**
     * The failure for unknown keys: the first key with its value (Boot's analysis adds where it was set), and a reason
     * that says, for every unknown key, the nearest valid one.
     */
    static InvalidConfigurationPropertyValueException unknownKeysReport(Set<ConfigurationProperty> unknown,
            MemguardPropertyNames names) {
        List<String> fixes = new ArrayList<>();
        for (ConfigurationProperty property : unknown) {
            String key = property.getName().toString();
            String fix = movedTo(key).map((moved) -> "rename it to " + moved)
                    .or(() -> names.nearest(key)
                            .map((nearest) -> nearest.endsWith(".*") ? "rename it to one of " + nearest
                                    : "rename it to " + nearest))
                    .orElse("remove it (no memguard property is near it)");
            fixes.add((fixes.isEmpty()) ? fix : key + " (" + property.getOrigin() + "): " + fix);
        }
        ConfigurationProperty first = unknown.iterator().next();
        String reason = "memguard has no such property: " + fixes.get(0)
                + ((fixes.size() > 1) ? ". Unknown as well: " + String.join("; ", fixes.subList(1, fixes.size()))
                        : "")
                + ". See the memguard property reference, or set " + UNKNOWN_PROPERTIES
                + "=warn to only log unknown keys";
        return new InvalidConfigurationPropertyValueException(first.getName().toString(), first.getValue(), reason);
    }

    /** A key that moved to {@code management.*}, where Spring Boot keeps the actuator's settings, by its new name. */
    private static Optional<String> movedTo(String key) {
        return MOVED.entrySet().stream().filter((moved) -> key.startsWith(moved.getKey()))
                .map((moved) -> moved.getValue() + key.substring(moved.getKey().length())).findFirst();
    }

    /**
     * Fails a boolean that is neither {@code true} nor {@code false}, within the binder, so that Boot reports the
     * property, its value and where it was set; and remembers the documented keys set to an empty value.
     */
    private static final class StrictValues extends AbstractBindHandler {

        /** Keys that a property took, with a value that bound to null (an empty value). */
        final Set<ConfigurationPropertyName> boundToNull = new HashSet<>();

        StrictValues(BindHandler parent) {
            super(parent);
        }

        @Override
        public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                @Nullable Object result) throws Exception {
            ConfigurationProperty property = context.getConfigurationProperty();
            if (result == null && property != null && property.getName().equals(name)) {
                boundToNull.add(name);
            }
            super.onFinish(name, target, context, result);
        }

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            ConfigurationProperty property = context.getConfigurationProperty();
            if (isBoolean(target) && property != null && property.getValue() instanceof CharSequence text
                    && !"true".equalsIgnoreCase(text.toString()) && !"false".equalsIgnoreCase(text.toString())) {
                throw new IllegalArgumentException("must be true or false: Spring would read '" + text + "' as "
                        + result + ", but memguard's switches read anything but true as false");
            }
            return super.onSuccess(name, target, context, result);
        }

        private static boolean isBoolean(Bindable<?> target) {
            Class<?> type = target.getType().resolve();
            return type != null && ClassUtils.resolvePrimitiveIfNecessary(type) == Boolean.class;
        }
    }
}
