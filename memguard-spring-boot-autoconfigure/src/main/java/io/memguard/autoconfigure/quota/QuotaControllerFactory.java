package io.memguard.autoconfigure.quota;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.memguard.autoconfigure.ConfigurationPropertyCheck;
import io.memguard.autoconfigure.InvalidMemguardPropertyException;
import io.memguard.autoconfigure.quota.QuotaProperties.Bucket;
import io.memguard.quota.EvictionPolicy;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaListener;
import io.memguard.quota.QuotaThresholds;
import io.memguard.quota.RateLimit;

/**
 * Turns {@link QuotaProperties} into a {@link QuotaController}: the one place where quota properties are
 * checked. A bad value fails start-up with an {@link InvalidMemguardPropertyException} that names the
 * full property, says what is wrong and how to fix it; nothing is built from a half-valid configuration.
 */
final class QuotaControllerFactory {

    private static final String PREFIX = "memguard.quota.";

    private QuotaControllerFactory() {
    }

    static QuotaController create(QuotaProperties properties, @Nullable EvictionPolicy customPolicy,
            List<QuotaListener> listeners) {
        QuotaController.Builder builder = QuotaController.builder();
        if (properties.getGlobalLimit() != null) {
            apply("global-limit", properties.getGlobalLimit(), "use a size such as 512MB",
                    limit -> builder.globalLimit(limit.toBytes()));
        }
        else {
            apply("global-limit-ratio", properties.getGlobalLimitRatio(), "or set global-limit to a size instead",
                    builder::globalLimitRatio);
        }
        QuotaProperties.Thresholds thresholds = properties.getThresholds();
        apply("thresholds", "soft=" + thresholds.getSoft() + ", hard=" + thresholds.getHard() + ", critical="
                + thresholds.getCritical(), "set memguard.quota.thresholds.soft, .hard and .critical",
                value -> builder.thresholds(
                        new QuotaThresholds(thresholds.getSoft(), thresholds.getHard(), thresholds.getCritical())));
        apply("default-stream-limit", properties.getDefaultStreamLimit(), "use a size such as 64MB",
                limit -> builder.defaultStreamLimit(limit.toBytes()));
        properties.getStreamLimits().forEach((stream, limit) -> apply("stream-limits." + stream, limit,
                "use a size such as 64MB", value -> builder.streamLimit(stream, value.toBytes())));
        apply("components", properties.getComponents(), "list names such as frames, metadata",
                builder::components);
        apply("over-limit", properties.getOverLimit(), "use evict or reject", builder::overLimitAction);
        apply("eviction.headroom", properties.getEviction().getHeadroom(),
                "use a fraction such as 0.05", builder::evictionHeadroom);
        apply("eviction.minimum-retention", properties.getEviction().getMinimumRetention(),
                "use 0s to protect no entry", builder::minimumRetention);
        builder.minimumRetentionAtCritical(properties.getEviction().isMinimumRetentionAtCritical());
        builder.evictionPolicy(customPolicy != null ? customPolicy : policyOf(properties.getEviction()));
        builder.streamRateLimit(rateLimit("rate-limit.stream", properties.getRateLimit().getStream()));
        builder.globalRateLimit(rateLimit("rate-limit.global", properties.getRateLimit().getGlobal()));
        Duration leakWindow = properties.getLeak().getWindow();
        apply("leak.window", leakWindow, "use a duration such as 5m", window -> builder.leakDetection(0, window));
        apply("leak.threshold", properties.getLeak().getThreshold(), "use a size such as 64MB, or 0B",
                threshold -> builder.leakDetection(threshold.toBytes(), leakWindow));
        apply("maintenance-interval", properties.getMaintenanceInterval(), "use a duration such as 1s",
                builder::maintenanceInterval);
        requireNotNegative("metrics.top-streams", properties.getMetrics().getTopStreams());
        listeners.forEach(builder::listener);
        // Made on first use: an application that never opens a stream pays neither its classes nor its thread at
        // start-up; every property above is still checked now.
        return builder.buildOnFirstUse();
    }

    private static EvictionPolicy policyOf(QuotaProperties.Eviction eviction) {
        return switch (eviction.getPolicy()) {
            case LRU -> EvictionPolicy.lru();
            case PRIORITY -> EvictionPolicy.priority(eviction.getProtectedPriority());
        };
    }

    private static @Nullable RateLimit rateLimit(String property, Bucket bucket) {
        if (bucket.getBytesPerSecond() == null) {
            if (bucket.getBurst() != null) {
                throw invalid(property + ".burst", bucket.getBurst(), "a burst needs a rate",
                        "set " + PREFIX + property + ".bytes-per-second too");
            }
            return null;
        }
        long rate = bucket.getBytesPerSecond().toBytes();
        long burst = bucket.getBurst() != null ? bucket.getBurst().toBytes() : rate;
        if (rate <= 0) {
            throw invalid(property + ".bytes-per-second", bucket.getBytesPerSecond(), "the rate must be positive",
                    "use a size such as 10MB, or remove it for no limit");
        }
        if (burst <= 0) {
            throw invalid(property + ".burst", bucket.getBurst(), "the burst must be positive",
                    "use a size such as 1MB, or remove it to allow one second's worth");
        }
        return new RateLimit(rate, burst);
    }

    private static void requireNotNegative(String property, int value) {
        if (value < 0) {
            throw invalid(property, value, "must not be negative", "use 0 or more");
        }
    }

    private static <T> void apply(String property, T value, String fix, Consumer<T> setter) {
        ConfigurationPropertyCheck.apply(PREFIX + property, value, setter, action(property, fix));
    }

    private static InvalidMemguardPropertyException invalid(String property, @Nullable Object value, String problem,
            String fix) {
        return ConfigurationPropertyCheck.rejected(PREFIX + property, value, problem, action(property, fix));
    }

    private static String action(String property, String fix) {
        return Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + " for " + PREFIX + property + ".";
    }
}
