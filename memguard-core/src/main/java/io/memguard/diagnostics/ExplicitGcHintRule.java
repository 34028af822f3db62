package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;

/** GC hints enabled while the JVM ignores explicit collections: the hints do nothing. */
final class ExplicitGcHintRule implements RecommendationRule {

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        if (!(observations.explicitGcDisabled() && observations.gcHintsEnabled())) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("explicitGcDisabled", true);
        evidence.put("gcHintsEnabled", true);
        return List.of(new Recommendation("gc-hints-without-explicit-gc", "memguard.gc.hint-enabled is true, but"
                + " the JVM runs with -XX:+DisableExplicitGC, so the hints do nothing. Set"
                + " memguard.gc.hint-enabled=false, or remove -XX:+DisableExplicitGC (with G1, add"
                + " -XX:+ExplicitGCInvokesConcurrent to keep such collections concurrent).", evidence));
    }
}
