package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

/** Too much time spent collecting garbage: the heap is too small for the live set or the allocation rate. */
final class GcOverheadRule implements RecommendationRule {

    private final double threshold;

    GcOverheadRule(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        double overhead = observations.gcOverhead();
        if (!(overhead >= threshold)) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("gcOverhead", overhead);
        evidence.put("threshold", threshold);
        return List.of(new Recommendation("gc-overhead", "The JVM spent " + Percentages.format(overhead)
                + " of its time collecting garbage (threshold " + Percentages.format(threshold) + "). Give it more"
                + " heap, or find what allocates most with MemoryProfiler or an allocation profiler and reuse"
                + " it through the memguard pools.", evidence));
    }
}
