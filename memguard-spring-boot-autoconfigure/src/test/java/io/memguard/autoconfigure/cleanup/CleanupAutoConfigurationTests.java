package io.memguard.autoconfigure.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.cleanup.CacheShrinkReport;
import io.memguard.cleanup.CaffeineCacheShrinker;
import io.memguard.cleanup.CaffeineCacheSource;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LowMemoryMode;
import io.memguard.spring.actuate.CleanupEndpointSection;
import io.memguard.spring.metrics.CleanupMeterBinder;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class CleanupAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemguardAutoConfiguration.class, CleanupAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    @Test
    void providesTheSchedulerTheCacheShrinkerTheSectionAndTheMeterBinder() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CleanupScheduler.class)
                    .hasSingleBean(CaffeineCacheShrinker.class)
                    .hasSingleBean(CaffeineCacheManagerSource.class)
                    .hasSingleBean(CleanupEndpointSection.class)
                    .hasSingleBean(CleanupMeterBinder.class);
            assertThat(context.getBean(CleanupScheduler.class).pressureTrigger()).isEqualTo(MemoryPressureLevel.HIGH);
            assertThat(context.getBean(CleanupEndpointSection.class).describe().caches().enabled()).isTrue();
        });
    }

    @Test
    void backsOffWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CleanupScheduler.class)
                        .doesNotHaveBean(CaffeineCacheShrinker.class));
    }

    @Test
    void cachesAreNotShrunkWhenDisabled() {
        runner.withPropertyValues("memguard.cleanup.caches.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(CleanupScheduler.class).doesNotHaveBean(CacheShrinkReport.class);
            assertThat(context.getBean(CleanupEndpointSection.class).describe().caches().enabled()).isFalse();
        });
    }

    @Test
    void worksWithoutCaffeineOrSpringsCacheSupport() {
        runner.withClassLoader(new FilteredClassLoader(Caffeine.class))
                .run(context -> assertThat(context).hasSingleBean(CleanupScheduler.class)
                        .doesNotHaveBean(CaffeineCacheShrinker.class)
                        .hasSingleBean(CleanupEndpointSection.class));
        runner.withClassLoader(new FilteredClassLoader(CaffeineCacheManager.class))
                .run(context -> assertThat(context).hasSingleBean(CaffeineCacheShrinker.class)
                        .doesNotHaveBean(CaffeineCacheManagerSource.class));
    }

    @Test
    void worksWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).hasSingleBean(CleanupScheduler.class)
                        .doesNotHaveBean(CleanupMeterBinder.class));
    }

    @Test
    void propertiesConfigureTheScheduler() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        runner.withPropertyValues("memguard.cleanup.default-ttl=5m", "memguard.cleanup.check-interval=30s",
                "memguard.cleanup.pressure-trigger-level=CRITICAL")
                .withBean(Clock.class, () -> Clock.fixed(now, ZoneOffset.UTC))
                .withBean(ManualMemoryPressureMonitor.class, ManualMemoryPressureMonitor::new)
                .run(context -> {
                    CleanupScheduler scheduler = context.getBean(CleanupScheduler.class);
                    assertThat(scheduler.pressureTrigger()).isEqualTo(MemoryPressureLevel.CRITICAL);
                    Map<String, Instant> lastSeen = new ConcurrentHashMap<>();
                    lastSeen.put("expired", now.minus(Duration.ofMinutes(5)));
                    lastSeen.put("fresh", now.minus(Duration.ofMinutes(4)));
                    scheduler.expireEntries("last-seen", lastSeen, seen -> seen);
                    assertThat(scheduler.task("last-seen").orElseThrow().snapshot().interval())
                            .isEqualTo(Duration.ofSeconds(30));

                    // A rise to HIGH is below the trigger; a rise to CRITICAL runs the pass, on the injected clock.
                    ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
                    monitor.setLevel(MemoryPressureLevel.HIGH);
                    assertThat(lastSeen).hasSize(2);
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    await().until(() -> lastSeen.size() == 1);
                    assertThat(lastSeen).containsOnlyKeys("fresh");
                    context.close();
                    assertThat(monitor.listeners()).isEmpty();
                });
    }

    @Test
    void theApplicationsTaskSchedulerTicksTheTasks() {
        RecordingTaskScheduler taskScheduler = new RecordingTaskScheduler();
        runner.withBean(RecordingTaskScheduler.class, () -> taskScheduler).run(context -> {
            AtomicInteger runs = new AtomicInteger();
            context.getBean(CleanupScheduler.class).schedule("sessions", Duration.ofSeconds(45), () -> runs.incrementAndGet());
            assertThat(taskScheduler.delays).containsExactly(Duration.ofSeconds(45));
        });
    }

    @Test
    void cachesOfSpringsCaffeineCacheManagerAreShrunkAndRestored() {
        CaffeineCacheManager cacheManager = new CaffeineCacheManager("users");
        cacheManager.setCaffeine(Caffeine.newBuilder().maximumSize(1000).executor(Runnable::run));
        runner.withBean(CaffeineCacheManager.class, () -> cacheManager)
                .withBean(ManualMemoryPressureMonitor.class, ManualMemoryPressureMonitor::new)
                .withPropertyValues("memguard.cleanup.caches.high-factor=0.4", "memguard.cleanup.caches.critical-factor=0.1")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Cache<Object, Object> users = (Cache<Object, Object>) cacheManager.getCache("users").getNativeCache();
                    ManualMemoryPressureMonitor monitor = context.getBean(ManualMemoryPressureMonitor.class);
                    monitor.setLevel(MemoryPressureLevel.HIGH);
                    assertThat(maximumOf(users)).isEqualTo(400);
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(maximumOf(users)).isEqualTo(100);
                    monitor.setLevel(MemoryPressureLevel.NONE);
                    assertThat(maximumOf(users)).isEqualTo(1000);
                    assertThat(context.getBean(CleanupEndpointSection.class).describe().caches().resizes()).isEqualTo(3);
                });
    }

    @Test
    void badValuesFailStartUpNamingTheProperty() {
        assertInvalid("memguard.cleanup.default-ttl", "PT0S", "defaultTtl must be positive, was PT0S",
                "memguard.cleanup.default-ttl=0s");
        assertInvalid("memguard.cleanup.check-interval", "PT-1S", "checkInterval must be positive, was PT-1S",
                "memguard.cleanup.check-interval=-1s");
        assertInvalid("memguard.cleanup.pressure-trigger-level", "NONE",
                "pressureTrigger must be above NONE: the level never rises to NONE",
                "memguard.cleanup.pressure-trigger-level=NONE");
        assertInvalid("memguard.cleanup.caches.high-factor", "1.5", "highFactor must be in (0, 1], was 1.5",
                "memguard.cleanup.caches.high-factor=1.5");
        assertInvalid("memguard.cleanup.caches.critical-factor", "0.6",
                "must not exceed memguard.cleanup.caches.high-factor (0.5): a cache never grows as pressure rises",
                "memguard.cleanup.caches.critical-factor=0.6");
    }

    private void assertInvalid(String property, String value, String reason, String... properties) {
        StartupFailures.assertInvalidProperty(runner, property, value, reason, properties);
    }

    private static long maximumOf(Cache<?, ?> cache) {
        return cache.policy().eviction().orElseThrow().getMaximum();
    }

    /** A task scheduler that records what it is asked to schedule and never ticks. */
    static class RecordingTaskScheduler extends ThreadPoolTaskScheduler {

        final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            delays.add(delay);
            return super.schedule(() -> { }, startTime.plus(Duration.ofDays(1)));
        }
    }

    @Test
    void lowMemoryModeShrinksRegisteredCachesAsAtHighAndRestoresThemWhenLeft() {
        Cache<String, String> sessions = Caffeine.newBuilder().maximumSize(1000).build();
        runner.withConfiguration(AutoConfigurations.of(LowMemoryModeAutoConfiguration.class))
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE))
                .withBean(CaffeineCacheSource.class, () -> () -> Map.of("sessions", sessions))
                .run(context -> {
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);

                    mode.forceOn();
                    assertThat(sessions.policy().eviction().orElseThrow().getMaximum()).isLessThan(1000);
                    assertThat(context.getBean(CleanupEndpointSection.class).describe().caches().caches())
                            .filteredOn(status -> status.name().equals("sessions")).singleElement()
                            .satisfies(status -> assertThat(status.originalMaximum()).isEqualTo(1000L))
                            .extracting(CacheShrinkReport.CacheSnapshot::maximum).isEqualTo(
                                    sessions.policy().eviction().orElseThrow().getMaximum());

                    mode.release();
                    assertThat(sessions.policy().eviction().orElseThrow().getMaximum()).isEqualTo(1000);
                    assertThat(context.getBean(CleanupEndpointSection.class).describe().caches().resizes())
                            .isEqualTo(2);
                });
    }
}
