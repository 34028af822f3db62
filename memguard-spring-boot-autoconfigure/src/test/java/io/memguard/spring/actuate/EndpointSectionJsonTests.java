package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.memguard.spring.actuate.LowMemoryModeEndpointSection;
import io.memguard.diagnostics.MemoryObservations;
import io.memguard.diagnostics.HeapTrendDetector;
import io.memguard.diagnostics.MemoryAlerts;
import io.memguard.diagnostics.RecommendationEngine;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LowMemoryMode;

/**
 * The endpoint sections serialize to the JSON the memory endpoint serves, with Jackson's defaults.
 */
class EndpointSectionJsonTests {

    private final JsonMapper mapper = JsonMapper.shared();

    private JsonNode json(Object descriptor) {
        return mapper.readTree(mapper.writeValueAsString(descriptor));
    }

    @Test
    void lowMemoryMode() {
        LowMemoryMode mode = LowMemoryMode.builder().build();
        mode.update(MemoryPressureLevel.CRITICAL);

        JsonNode section = json(new LowMemoryModeEndpointSection(mode, true).describe());

        assertThat(section.get("active").booleanValue()).isTrue();
        assertThat(section.get("level").stringValue()).isEqualTo("CRITICAL");
        assertThat(section.get("since").isString()).as("an ISO-8601 instant").isTrue();
        assertThat(Instant.parse(section.get("since").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(section.get("minimumDurationSeconds").longValue()).isEqualTo(30);
    }

    @Test
    void leakTrend() {
        HeapTrendDetector detector = HeapTrendDetector.builder(new MemoryAlerts()::raise).build();
        detector.accept(Instant.now(), 100, 1000);

        JsonNode section = json(new LeakTrendEndpointSection(detector, 600).describe());

        assertThat(section.get("samples").intValue()).isEqualTo(1);
        assertThat(section.get("usedBytes").longValue()).isEqualTo(100);
        assertThat(section.get("timeToCriticalSeconds").isNull()).isTrue();
        assertThat(section.get("leakSuspected").booleanValue()).isFalse();
    }

    @Test
    void recommendations() {
        RecommendationsEndpointSection empty = new RecommendationsEndpointSection(RecommendationEngine.builder().build(), List.of());
        assertThat(json(empty.describe()).get("recommendations").isEmpty()).isTrue();

        RecommendationsEndpointSection lowReuse = new RecommendationsEndpointSection(RecommendationEngine.builder().build(),
                List.of(observations -> observations
                        .addBucketReuse(new MemoryObservations.BucketReuse(4096, 5000, 0.1))));
        JsonNode recommendation = json(lowReuse.describe()).get("recommendations").get(0);

        assertThat(recommendation.get("id").stringValue()).isEqualTo("low-buffer-reuse");
        assertThat(recommendation.get("advice").stringValue()).startsWith("The 4 KiB buffer bucket");
        assertThat(recommendation.get("evidence").get("reuseRatio").doubleValue()).isEqualTo(0.1);
    }
}
