package io.memguard.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.memguard.diagnostics.RecommendationEngine.Recommendation;
import io.memguard.internal.ByteSizes;

/**
 * A buffer pool bucket that rarely reuses its buffers: it allocates almost as much as having no pool, and
 * keeps memory as well.
 */
final class BucketReuseRule implements RecommendationRule {

    private final double minReuseRatio;

    private final long minAcquisitions;

    BucketReuseRule(double minReuseRatio, long minAcquisitions) {
        this.minReuseRatio = minReuseRatio;
        this.minAcquisitions = minAcquisitions;
    }

    @Override
    public List<Recommendation> recommend(MemoryObservations observations) {
        List<Recommendation> recommendations = new ArrayList<>();
        for (MemoryObservations.BucketReuse bucket : observations.bucketReuse()) {
            if (bucket.acquisitions() < minAcquisitions || bucket.reuseRatio() >= minReuseRatio) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("bucketBytes", bucket.bucketBytes());
            evidence.put("acquisitions", bucket.acquisitions());
            evidence.put("reuseRatio", bucket.reuseRatio());
            evidence.put("minReuseRatio", minReuseRatio);
            recommendations.add(new Recommendation("low-buffer-reuse", "The " + ByteSizes.format(bucket.bucketBytes())
                    + " buffer bucket reused only " + Percentages.format(bucket.reuseRatio()) + " of its buffers over "
                    + String.format(Locale.ROOT, "%,d", bucket.acquisitions()) + " acquisitions, so the pool"
                    + " allocates most of them anyway. Raise memguard.buffer-pool.max-per-bucket if buffers are"
                    + " dropped on release, or remove the bucket from memguard.buffer-pool.buckets.", evidence));
        }
        return recommendations;
    }
}
