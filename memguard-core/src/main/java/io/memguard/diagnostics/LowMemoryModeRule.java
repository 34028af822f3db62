package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.pressure.MemoryPressureLevel;

/** Pressure reached HIGH while low-memory mode is off: the mode would have given memory back. */
final class LowMemoryModeRule implements RecommendationRule {

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        MemoryObservations.PressureHistory history = observations.pressureHistory();
        if (observations.lowMemoryModeEnabled() || !history.peak().isAtLeast(MemoryPressureLevel.HIGH)) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("lowMemoryModeEnabled", false);
        evidence.put("peakLevel", history.peak().name());
        evidence.put("timesHigh", history.timesHigh());
        evidence.put("timesCritical", history.timesCritical());
        evidence.put("timeAtHighOrAboveSeconds", history.timeAtHighOrAbove().toSeconds());
        return List.of(new Recommendation("enable-low-memory-mode", "Memory pressure reached HIGH or above "
                + history.timesHigh() + " time(s) (CRITICAL " + history.timesCritical() + " time(s)), for "
                + history.timeAtHighOrAbove().toSeconds() + " s in total, while low-memory mode is off. Set"
                + " memguard.low-memory.enabled=true so that pools, ring buffers, caches and quotas give memory"
                + " back when it happens.", evidence));
    }
}
