package io.memguard.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaRejection;
import io.memguard.quota.QuotaSnapshot;
import io.memguard.quota.QuotaStreamSnapshot;

/**
 * The {@code quotas} section of {@code /actuator/memory}: global usage, thresholds, what the controller has
 * done, and the largest streams first.
 *
 * @since 0.1.0
 */
public final class QuotaEndpointSection implements MemoryEndpointSection {

    private final QuotaController controller;
    private final int topStreams;

    /**
     * Creates the section.
     *
     * @param controller the controller to describe
     * @param topStreams how many streams to list, the largest first
     */
    public QuotaEndpointSection(QuotaController controller, int topStreams) {
        this.controller = controller;
        this.topStreams = topStreams;
    }

    @Override
    public String name() {
        return "quotas";
    }

    @Override
    public QuotasDescriptor describe() {
        QuotaSnapshot usage = controller.snapshot();
        Map<String, Long> evictions = new LinkedHashMap<>();
        for (EvictionReason reason : EvictionReason.values()) {
            evictions.put(reason.id(), usage.evictions(reason));
        }
        Map<String, Long> rejections = new LinkedHashMap<>();
        for (QuotaRejection.Limit limit : QuotaRejection.Limit.values()) {
            rejections.put(limit.id(), usage.rejections(limit));
        }
        List<StreamDescriptor> top = controller.topStreams(topStreams).stream().map(StreamDescriptor::of).toList();
        return new QuotasDescriptor(usage.usedBytes(), usage.limitBytes(), usage.ratio(),
                usage.state().name().toLowerCase(Locale.ROOT),
                new ThresholdsDescriptor(usage.softBytes(), usage.hardBytes(), usage.criticalBytes()),
                usage.streams(), usage.allocatedBytes(), usage.allocationRate(), evictions, rejections,
                usage.throttled(), usage.suspectedLeaks(), top);
    }

    /**
     * The quotas section.
     *
     * @param usedBytes            bytes held by all streams
     * @param limitBytes           the global limit
     * @param usageRatio           used over limit
     * @param state                normal, soft, hard or critical
     * @param thresholds           the thresholds in bytes
     * @param streams              open streams
     * @param allocatedBytes       bytes admitted so far
     * @param allocationRate       bytes admitted per second recently
     * @param evictions            entries evicted, by reason
     * @param rejections           allocations rejected, by limit
     * @param throttled            rate-limit acquisitions denied
     * @param suspectedLeaks       suspected leaks reported
     * @param topStreams           the largest streams, largest first
     * @since 0.1.0
     */
    public record QuotasDescriptor(long usedBytes, long limitBytes, double usageRatio, String state,
            ThresholdsDescriptor thresholds, int streams, long allocatedBytes, double allocationRate,
            Map<String, Long> evictions, Map<String, Long> rejections, long throttled, long suspectedLeaks,
            List<StreamDescriptor> topStreams) {
    }

    /**
     * The global thresholds in bytes.
     *
     * @param softBytes     background eviction above this
     * @param hardBytes     synchronous eviction above this
     * @param criticalBytes rejection at or above this
     * @since 0.1.0
     */
    public record ThresholdsDescriptor(long softBytes, long hardBytes, long criticalBytes) {
    }

    /**
     * One stream.
     *
     * @param id             the stream's id
     * @param usedBytes      bytes it holds
     * @param limitBytes     its limit
     * @param components     bytes by component
     * @param entries        evictable entries it holds
     * @param evictedEntries entries evicted from it so far
     * @param evictedBytes   bytes evicted from it so far
     * @since 0.1.0
     */
    public record StreamDescriptor(String id, long usedBytes, long limitBytes, Map<String, Long> components,
            int entries, long evictedEntries, long evictedBytes) {

        static StreamDescriptor of(QuotaStreamSnapshot usage) {
            return new StreamDescriptor(usage.stream(), usage.usedBytes(), usage.limitBytes(), usage.components(),
                    usage.entries(), usage.evictedEntries(), usage.evictedBytes());
        }
    }
}
