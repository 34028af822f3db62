package io.memguard.quota;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaController.RateLimit;

/**
 * The effective, validated settings of a {@link QuotaController}, as built by {@link QuotaController.Builder}.
 *
 * @param globalLimitBytes           the most all streams together may hold
 * @param softThreshold              above this fraction of the global limit, entries are evicted in the background
 * @param hardThreshold              above this fraction, an allocation evicts synchronously before it is admitted
 * @param criticalThreshold          at or above this fraction, new allocations and new streams are rejected
 * @param defaultStreamLimitBytes    the limit of a stream without an override
 * @param streamLimits               per-stream overrides of the limit, by stream id
 * @param components                 the component names bytes are accounted to, in declaration order
 * @param overLimitAction            what an allocation over its stream's limit does
 * @param evictionPolicy             which entries go first
 * @param evictionHeadroom           how far below its limit, as a fraction of the limit, a stream that went over
 *                                   it evicts, so that the next allocations fit without another eviction run
 * @param minimumRetention           entries younger than this are not evicted (zero: no protection)
 * @param minimumRetentionAtCritical whether young entries stay protected at the critical level too
 * @param streamRateLimit            the token bucket of each stream, or {@code null} for no limit
 * @param globalRateLimit            the token bucket shared by all streams, or {@code null} for no limit
 * @param leakThresholdBytes         bytes outside entries a stream may hold for longer than the leak window
 * @param leakWindow                 how long a stream may stay above the leak threshold before it is reported
 * @param maintenanceInterval        how often the controller runs its maintenance itself, or {@code null} when
 *                                   the owner calls {@link QuotaController#runMaintenance()}
 * @since 0.1.0
 */
public record QuotaConfiguration(long globalLimitBytes, double softThreshold, double hardThreshold,
        double criticalThreshold, long defaultStreamLimitBytes,
        Map<String, Long> streamLimits, List<String> components, OverLimitAction overLimitAction,
        EvictionPolicy evictionPolicy, double evictionHeadroom, Duration minimumRetention, boolean minimumRetentionAtCritical,
        @Nullable RateLimit streamRateLimit, @Nullable RateLimit globalRateLimit, long leakThresholdBytes,
        Duration leakWindow, @Nullable Duration maintenanceInterval) {

    /** The most headroom: evicting more than half a stream to admit one allocation would be a flush, not room. */
    public static final double MAX_EVICTION_HEADROOM = 0.5;

    public QuotaConfiguration {
        requirePositive("globalLimitBytes", globalLimitBytes);
        new QuotaThresholds(softThreshold, hardThreshold, criticalThreshold);
        requirePositive("defaultStreamLimitBytes", defaultStreamLimitBytes);
        streamLimits = Map.copyOf(Objects.requireNonNull(streamLimits, "streamLimits"));
        streamLimits.forEach((stream, limit) -> requirePositive("limit of stream '" + stream + "'", limit));
        components = List.copyOf(Objects.requireNonNull(components, "components"));
        requireValidComponents(components);
        Objects.requireNonNull(overLimitAction, "overLimitAction");
        Objects.requireNonNull(evictionPolicy, "evictionPolicy");
        requireValidHeadroom(evictionHeadroom);
        requireNotNegative("minimumRetention", minimumRetention);
        requireNotNegative("leakThresholdBytes", leakThresholdBytes);
        requirePositive("leakWindow", leakWindow);
        if (maintenanceInterval != null) {
            requirePositive("maintenanceInterval", maintenanceInterval);
        }
    }

    /**
     * The soft threshold in bytes.
     *
     * @return {@code floor(soft * globalLimitBytes)}
     */
    public long softBytes() {
        return QuotaThresholds.bytesOf(softThreshold, globalLimitBytes);
    }

    /**
     * The hard threshold in bytes.
     *
     * @return {@code floor(hard * globalLimitBytes)}
     */
    public long hardBytes() {
        return QuotaThresholds.bytesOf(hardThreshold, globalLimitBytes);
    }

    /**
     * The critical threshold in bytes.
     *
     * @return {@code floor(critical * globalLimitBytes)}
     */
    public long criticalBytes() {
        return QuotaThresholds.bytesOf(criticalThreshold, globalLimitBytes);
    }

    /**
     * The headroom a stream evicts to below its limit.
     *
     * @param streamLimitBytes the stream's limit
     * @return {@code floor(evictionHeadroom * streamLimitBytes)}
     */
    public long evictionHeadroomBytes(long streamLimitBytes) {
        return (long) Math.floor(evictionHeadroom * streamLimitBytes);
    }

    /**
     * The limit of a stream: its override, or the default.
     *
     * @param stream a stream id
     * @return the stream's limit in bytes
     */
    public long streamLimitBytes(String stream) {
        return streamLimits.getOrDefault(stream, defaultStreamLimitBytes);
    }

    static void requireValidComponents(List<String> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("components must name at least one component, such as 'default'");
        }
        Set<String> seen = new HashSet<>();
        for (String component : components) {
            if (component.isBlank()) {
                throw new IllegalArgumentException("components must not contain a blank name, were " + components);
            }
            if (!seen.add(component)) {
                throw new IllegalArgumentException("components must be unique, but '" + component
                        + "' is declared twice in " + components);
            }
        }
    }

    static void requireValidHeadroom(double headroom) {
        if (!(headroom >= 0.0 && headroom <= MAX_EVICTION_HEADROOM)) {
            throw new IllegalArgumentException("evictionHeadroom must be a fraction of the stream's limit in [0, "
                    + MAX_EVICTION_HEADROOM + "], was " + headroom + "; use for example 0.05 to evict 5% below the "
                    + "limit, or 0 to evict only what the new allocation needs");
        }
    }

    static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
