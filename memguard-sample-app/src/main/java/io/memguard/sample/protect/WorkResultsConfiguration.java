package io.memguard.sample.protect;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.memguard.cleanup.CaffeineCacheSource;

/**
 * A bounded Caffeine cache of {@code GET /api/work} results, registered with memguard as {@code work-results}: under
 * memory pressure and in low-memory mode memguard shrinks its maximum size and restores it afterwards, and
 * {@code /actuator/memory/cleanup} shows what it did.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class WorkResultsConfiguration {

    /** The most results kept when memory is plentiful. */
    static final long MAXIMUM_RESULTS = 1024;

    @Bean
    Cache<WorkController.WorkKey, WorkController.WorkResult> workResults() {
        return Caffeine.newBuilder().maximumSize(MAXIMUM_RESULTS).build();
    }

    @Bean
    CaffeineCacheSource workResultsCacheSource(Cache<WorkController.WorkKey, WorkController.WorkResult> workResults) {
        return () -> Map.of("work-results", workResults);
    }
}
