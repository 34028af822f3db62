package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.cleanup.CaffeineCacheShrinker;
import io.memguard.cleanup.CleanupRegistration;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.pressure.MemoryPressureLevel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupMeterBinderTests {

    private final CleanupScheduler scheduler = CleanupScheduler.builder()
            .timer((tick, interval) -> new CompletableFuture<>())
            .executor(Runnable::run)
            .build();

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void exportsEveryTaskTaggedWithItsName() {
        scheduler.schedule("sessions", Duration.ofMinutes(1), () -> 4);
        scheduler.schedule("broken", Duration.ofMinutes(1), () -> {
            throw new IllegalStateException("boom");
        });
        new CleanupMeterBinder(scheduler, null).bindTo(prometheus);
        scheduler.runAll();
        scheduler.runAll();

        assertThat(prometheus.scrape()).contains(
                "memguard_cleanup_runs_total{task=\"sessions\"} 2.0",
                "memguard_cleanup_items_removed_total{task=\"sessions\"} 8.0",
                "memguard_cleanup_failures_total{task=\"broken\"} 2.0",
                "memguard_cleanup_failures_total{task=\"sessions\"} 0.0",
                "memguard_cleanup_skipped_runs_total{task=\"sessions\"} 0.0",
                "memguard_cleanup_last_duration_seconds{task=\"sessions\"}")
                .doesNotContain("memguard_cleanup_cache_resizes");
    }

    @Test
    void tasksScheduledLaterGetMetersAndCancelledOnesLoseThem() {
        CleanupMeterBinder binder = new CleanupMeterBinder(scheduler, null);
        binder.bindTo(prometheus);
        CleanupRegistration late = scheduler.schedule("late", Duration.ofMinutes(1), () -> 1);
        late.runNow();
        assertThat(prometheus.scrape()).contains("memguard_cleanup_runs_total{task=\"late\"} 1.0");

        late.cancel();
        assertThat(prometheus.scrape()).doesNotContain("task=\"late\"");

        binder.close();
        scheduler.schedule("after-close", Duration.ofMinutes(1), () -> 1);
        assertThat(prometheus.scrape()).doesNotContain("after-close");
    }

    @Test
    void exportsCacheResizes() {
        CaffeineCacheShrinker shrinker = CaffeineCacheShrinker.builder().build();
        shrinker.register("users", Caffeine.newBuilder().maximumSize(100).build());
        new CleanupMeterBinder(scheduler, shrinker).bindTo(prometheus);
        shrinker.adjustTo(MemoryPressureLevel.HIGH);
        assertThat(prometheus.scrape()).contains("memguard_cleanup_cache_resizes_total 1.0");
    }
}
