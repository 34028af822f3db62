package io.memguard.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.spring.actuate.CleanupEndpointSection.CleanupDescriptor;
import io.memguard.spring.actuate.CleanupEndpointSection.TaskDescriptor;
import io.memguard.cleanup.CacheShrinkReport;
import io.memguard.spring.actuate.CleanupEndpointSection.CleanupDescriptor;
import io.memguard.spring.actuate.CleanupEndpointSection.TaskDescriptor;
import io.memguard.cleanup.CaffeineCacheShrinker;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupEndpointSectionTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private final CleanupScheduler scheduler = CleanupScheduler.builder()
            .timer((tick, interval) -> new CompletableFuture<>())
            .executor(Runnable::run)
            .clock(clock)
            .ticker(() -> 0L) // stopped, as the clock is: a run takes no time
            .build();

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void describesTasksAndCaches() {
        scheduler.schedule("sessions", Duration.ofSeconds(90), () -> 3);
        scheduler.schedule("broken", Duration.ofSeconds(30), () -> {
            throw new IllegalStateException("boom");
        });
        scheduler.runAll();
        CaffeineCacheShrinker shrinker = CaffeineCacheShrinker.builder().clock(clock).build();
        shrinker.register("users", Caffeine.newBuilder().maximumSize(100).build());
        shrinker.adjustTo(MemoryPressureLevel.HIGH);

        CleanupEndpointSection section = new CleanupEndpointSection(scheduler, shrinker);
        assertThat(section.name()).isEqualTo("cleanup");
        CleanupDescriptor descriptor = section.describe();
        assertThat(descriptor.pressureTriggerLevel()).isEqualTo(MemoryPressureLevel.HIGH);
        assertThat(descriptor.tasks()).containsOnlyKeys("broken", "sessions");
        assertThat(descriptor.tasks().get("sessions"))
                .isEqualTo(new TaskDescriptor(90.0, false, 1, 3, 0, 0, NOW, 0.0, null));
        assertThat(descriptor.tasks().get("broken").lastError()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(descriptor.caches().enabled()).isTrue();
        assertThat(descriptor.caches().caches())
                .containsExactly(new CacheShrinkReport.CacheSnapshot("users", true, 50L, 100L));
        assertThat(descriptor.caches().resizes()).isEqualTo(1);
        assertThat(descriptor.caches().recentResizes())
                .isEqualTo(List.of(new CacheShrinkReport.Resize("users", 100, 50, MemoryPressureLevel.HIGH, NOW)));
    }

    @Test
    void saysWhenCachesAreNotShrunk() {
        CleanupDescriptor descriptor = new CleanupEndpointSection(scheduler, null).describe();
        assertThat(descriptor.caches().enabled()).isFalse();
        assertThat(descriptor.caches().caches()).isEmpty();
    }
}
