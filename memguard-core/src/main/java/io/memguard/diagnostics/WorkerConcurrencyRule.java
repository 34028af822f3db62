package io.memguard.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.internal.ByteSizes;

/**
 * How many workers fit in the memory available: suggested when the configured concurrency is unknown or
 * more than fits.
 */
final class WorkerConcurrencyRule implements RecommendationRule {

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        long available = observations.availableMemoryBytes();
        long perWorker = observations.perWorkerMemoryBytes();
        if (available <= 0 || perWorker <= 0) {
            return List.of();
        }
        long suggested = Math.max(1, available / perWorker);
        int configured = observations.workerConcurrency();
        if (configured > 0 && configured <= suggested) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("availableMemoryBytes", available);
        evidence.put("perWorkerMemoryBytes", perWorker);
        evidence.put("suggestedConcurrency", suggested);
        if (configured > 0) {
            evidence.put("workerConcurrency", configured);
        }
        String now = configured > 0 ? " (configured now: " + configured + ")" : "";
        return List.of(new Recommendation("worker-concurrency", "With " + ByteSizes.format(available)
                + " free for work and about " + ByteSizes.format(perWorker) + " per worker, at most " + suggested
                + " workers fit in memory" + now + ". Cap the worker pool at " + suggested
                + " (memguard.concurrency.max-concurrency, or the executor's maximum pool size).", evidence));
    }
}
