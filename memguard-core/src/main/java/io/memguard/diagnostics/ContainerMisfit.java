package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.memguard.internal.ByteSizes;

/**
 * A JVM sized larger than its container: the max heap alone, or the heap with the direct-memory limit and the
 * measured non-heap memory and thread stacks, exceeds the container's memory limit. Such a JVM is killed by the
 * kernel before it ever throws {@code OutOfMemoryError}, and before memguard's heap signals reach CRITICAL.
 *
 * <p>The fix is a heap sized from the limit, {@code -XX:MaxRAMPercentage}: {@link #suggestedMaxRamPercentage()}
 * leaves room for the rest, and 5 points more for what grows after start-up (metaspace, more threads, the
 * collector's own structures). Where the direct-memory limit is the JVM's default it equals the max heap, so the
 * suggestion halves the room and the advice adds an explicit {@code -XX:MaxDirectMemorySize}.
 *
 * @param kind                      which sum exceeds the limit
 * @param footprint                 what the JVM may take
 * @param containerLimitBytes       the container's memory limit
 * @param suggestedMaxRamPercentage the {@code -XX:MaxRAMPercentage} that fits, or 0 when no heap fits because the
 *                                  rest alone exceeds the limit
 * @since 0.1.0
 */
public record ContainerMisfit(Kind kind, JvmFootprint footprint, long containerLimitBytes,
        int suggestedMaxRamPercentage) {

    /** Points of the container limit left for what grows after start-up. */
    private static final int MARGIN_PERCENT = 5;

    public ContainerMisfit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(footprint, "footprint");
    }

    /**
     * Which sum exceeds the container limit.
     *
     * @since 0.1.0
     */
    public enum Kind {

        /** The max heap alone exceeds the limit. */
        HEAP_OVER_LIMIT,

        /** Heap, direct-memory limit, non-heap memory and thread stacks together exceed the limit. */
        FOOTPRINT_OVER_LIMIT
    }

    /**
     * Compares a JVM's footprint with its container's limit.
     *
     * @param footprint           what the JVM may take
     * @param containerLimitBytes the container's memory limit; 0 or less when there is none
     * @return the misfit, or empty when everything fits or there is no container limit
     */
    public static Optional<ContainerMisfit> check(JvmFootprint footprint, long containerLimitBytes) {
        Objects.requireNonNull(footprint, "footprint");
        if (containerLimitBytes <= 0 || footprint.totalBytes() <= containerLimitBytes) {
            return Optional.empty();
        }
        Kind kind = (footprint.maxHeapBytes() > containerLimitBytes) ? Kind.HEAP_OVER_LIMIT
                : Kind.FOOTPRINT_OVER_LIMIT;
        long room = containerLimitBytes - footprint.otherBytes()
                - (footprint.directLimitImplicit() ? 0 : footprint.directLimitBytes());
        long heapRoom = footprint.directLimitImplicit() ? room / 2 : room;
        long percentage = (heapRoom > 0) ? heapRoom * 100 / containerLimitBytes - MARGIN_PERCENT : 0;
        return Optional.of(new ContainerMisfit(kind, footprint, containerLimitBytes, (int) Math.max(0, percentage)));
    }

    /**
     * The warning, with the figures and the fix, in a few sentences.
     *
     * @return the message
     */
    public String message() {
        JvmFootprint f = footprint;
        StringBuilder message = new StringBuilder();
        if (kind == Kind.HEAP_OVER_LIMIT) {
            message.append("The max heap (").append(ByteSizes.format(f.maxHeapBytes()))
                    .append(") alone exceeds the container memory limit (")
                    .append(ByteSizes.format(containerLimitBytes)).append(")");
        }
        else {
            message.append("The JVM may take more than the container memory limit (")
                    .append(ByteSizes.format(containerLimitBytes)).append(")");
        }
        message.append(": max heap ").append(ByteSizes.format(f.maxHeapBytes())).append(" + direct memory limit ")
                .append(ByteSizes.format(f.directLimitBytes()))
                .append(f.directLimitImplicit() ? " (the default: the max heap)" : "")
                .append(" + non-heap ").append(ByteSizes.format(f.nonHeapBytes())).append(" + thread stacks ")
                .append(ByteSizes.format(f.threadStackBytes())).append(" = ").append(ByteSizes.format(f.totalBytes()))
                .append(". The kernel will kill the process before the JVM throws OutOfMemoryError. ");
        if (suggestedMaxRamPercentage > 0) {
            message.append("Size the heap from the limit with -XX:MaxRAMPercentage=").append(suggestedMaxRamPercentage)
                    .append(" (instead of -Xmx)");
            if (f.directLimitImplicit()) {
                message.append(" and set -XX:MaxDirectMemorySize explicitly (it defaults to the max heap)");
            }
            message.append(", or raise the container limit.");
        }
        else {
            message.append("No heap fits beside the rest: lower -XX:MaxDirectMemorySize or the number of threads,"
                    + " or raise the container limit.");
        }
        return message.toString();
    }

    /**
     * The figures behind the warning, by name, in a stable order.
     *
     * @return the evidence
     */
    public Map<String, Object> evidence() {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("containerLimitBytes", containerLimitBytes);
        evidence.put("maxHeapBytes", footprint.maxHeapBytes());
        evidence.put("directLimitBytes", footprint.directLimitBytes());
        evidence.put("directLimitImplicit", footprint.directLimitImplicit());
        evidence.put("nonHeapBytes", footprint.nonHeapBytes());
        evidence.put("threadStackBytes", footprint.threadStackBytes());
        evidence.put("totalBytes", footprint.totalBytes());
        evidence.put("suggestedMaxRamPercentage", suggestedMaxRamPercentage);
        return evidence;
    }
}
