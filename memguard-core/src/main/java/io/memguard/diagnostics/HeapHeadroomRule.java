package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.internal.ByteSizes;

/**
 * Max heap too close to the container limit: the JVM needs memory beyond the heap (metaspace, thread stacks,
 * code cache, direct buffers, the collector's own structures), and when the heap leaves too little for them
 * the container is killed before the heap is full.
 */
final class HeapHeadroomRule implements RecommendationRule {

    private final double maxHeapToLimitRatio;

    HeapHeadroomRule(double maxHeapToLimitRatio) {
        this.maxHeapToLimitRatio = maxHeapToLimitRatio;
    }

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        long heap = observations.maxHeapBytes();
        long limit = observations.containerLimitBytes();
        if (heap <= 0 || limit <= 0) {
            return List.of();
        }
        double ratio = (double) heap / limit;
        if (ratio <= maxHeapToLimitRatio) {
            return List.of();
        }
        int percentage = Math.max(1, (int) Math.floor(maxHeapToLimitRatio * 100) - 5);
        long suggested = limit / 100 * percentage;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("maxHeapBytes", heap);
        evidence.put("containerLimitBytes", limit);
        evidence.put("heapToLimitRatio", ratio);
        evidence.put("headroomBytes", limit - heap);
        evidence.put("maxHeapToLimitRatioThreshold", maxHeapToLimitRatio);
        evidence.put("suggestedMaxHeapBytes", suggested);
        return List.of(new Recommendation("heap-near-container-limit", "The max heap (" + ByteSizes.format(heap)
                + ") is " + Percentages.format(ratio) + " of the container memory limit (" + ByteSizes.format(limit)
                + "), leaving " + ByteSizes.format(limit - heap) + " for metaspace, thread stacks, code cache,"
                + " direct buffers and the collector: the container can be killed before the heap is full. Lower"
                + " -Xmx to about " + ByteSizes.format(suggested) + ", or size the heap with -XX:MaxRAMPercentage="
                + percentage + ".", evidence));
    }
}
