package io.memguard.autoconfigure.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import io.memguard.autoconfigure.MemguardAutoConfiguration;
import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.autoconfigure.StartupFailures;
import io.memguard.autoconfigure.protect.LowMemoryModeAutoConfiguration;
import io.memguard.buffer.BufferPool;
import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.buffer.BufferPoolSnapshot;
import io.memguard.diagnostics.MemoryObservationContributor;
import io.memguard.diagnostics.MemoryObservations;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.EffectivePressure;
import io.memguard.protect.LowMemoryMode;
import io.memguard.spring.actuate.BuffersEndpointSection;
import io.memguard.spring.actuate.BuffersEndpointSection.BuffersDescriptor;
import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.spring.event.BufferLeakEvent;
import io.memguard.spring.metrics.BufferPoolMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class BufferPoolAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MemguardAutoConfiguration.class, BufferPoolAutoConfiguration.class))
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory");

    @Test
    void createsAPoolWithTheDefaultsAndItsWiring() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BufferPool.class).hasBean("memguardBufferLeakEventPublisher")
                    .hasSingleBean(BuffersEndpointSection.class).hasSingleBean(BufferPoolMetrics.class);
            BufferPoolSnapshot stats = context.getBean(BufferPool.class).snapshot();
            assertThat(stats.buckets()).extracting(BufferPoolSnapshot.Bucket::size)
                    .containsExactly(1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576);
            assertThat(stats.direct()).isFalse();
            assertThat(stats.maxPerBucket()).isEqualTo(256);
            assertThat(stats.maxRetainedBytes()).isEqualTo(64L << 20);
            assertThat(stats.leakDetection()).isEqualTo(LeakDetection.SAMPLED);
            assertThat(stats.samplingInterval()).isEqualTo(128);
        });
    }

    @Test
    void appliesEveryProperty() {
        runner.withPropertyValues("memguard.buffer-pool.buckets=512B,8KB,4MB", "memguard.buffer-pool.direct=true",
                "memguard.buffer-pool.max-per-bucket=3", "memguard.buffer-pool.max-retained=10KB",
                "memguard.buffer-pool.thread-cache-size=0", "memguard.buffer-pool.pressure.high-trim=1",
                "memguard.buffer-pool.adaptive.low=0.9", "memguard.buffer-pool.adaptive.moderate=0.8",
                "memguard.buffer-pool.adaptive.high=0.4", "memguard.buffer-pool.adaptive.critical=0.1",
                "memguard.buffer-pool.leak-detection.level=paranoid",
                "memguard.buffer-pool.leak-detection.sampling-interval=7").run(context -> {
                    BufferPool pool = context.getBean(BufferPool.class);
                    BufferPoolSnapshot stats = pool.snapshot();
                    assertThat(stats.buckets()).extracting(BufferPoolSnapshot.Bucket::size)
                            .containsExactly(512, 8192, 4 << 20);
                    assertThat(stats.direct()).isTrue();
                    assertThat(stats.maxPerBucket()).isEqualTo(3);
                    assertThat(stats.maxRetainedBytes()).isEqualTo(10 * 1024);
                    assertThat(stats.leakDetection()).isEqualTo(LeakDetection.PARANOID);
                    assertThat(stats.samplingInterval()).isEqualTo(7);
                    pool.release(pool.acquire(10));
                    assertThat(pool.snapshot().threadCaches()).isZero();

                    ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
                    EffectivePressure.of(monitor).subscribe(pool);
                    monitor.setLevel(MemoryPressureLevel.LOW);
                    assertThat(pool.adaptiveSize(1000)).isEqualTo(900);
                    monitor.setLevel(MemoryPressureLevel.MODERATE);
                    assertThat(pool.adaptiveSize(1000)).isEqualTo(800);
                    monitor.setLevel(MemoryPressureLevel.HIGH);
                    assertThat(pool.adaptiveSize(1000)).isEqualTo(400);
                    assertThat(pool.snapshot().retainedBytes()).as("high-trim=1 let everything go").isZero();
                    monitor.setLevel(MemoryPressureLevel.CRITICAL);
                    assertThat(pool.adaptiveSize(1000)).isEqualTo(100);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memguard.buffer-pool.buckets=0B | memguard.buffer-pool.buckets | [0B] | sizes must each be from 1",
            "memguard.buffer-pool.buckets=4GB | memguard.buffer-pool.buckets | [4294967296B] | each bucket must be at most",
            "memguard.buffer-pool.buckets=1KB,1KB | memguard.buffer-pool.buckets | [1024B, 1024B] | sizes must be distinct",
            "memguard.buffer-pool.max-per-bucket=-1 | memguard.buffer-pool.max-per-bucket | -1 | must be from 0 to 65536",
            "memguard.buffer-pool.max-retained=-1MB | memguard.buffer-pool.max-retained | -1048576B | must not be negative",
            "memguard.buffer-pool.thread-cache-size=5000 | memguard.buffer-pool.thread-cache-size | 5000 | from 0 to 1024",
            "memguard.buffer-pool.pressure.high-trim=0 | memguard.buffer-pool.pressure.high-trim | 0.0 | in (0..1]",
            "memguard.buffer-pool.adaptive.high=0.9 | memguard.buffer-pool.adaptive.high | 0.9 | must be above 0 and at most memguard.buffer-pool.adaptive.moderate (0.75): the factors never grow as pressure rises",
            "memguard.buffer-pool.adaptive.low=1.5 | memguard.buffer-pool.adaptive.low | 1.5 | must be above 0 and at most 1: the factors never grow",
            "memguard.buffer-pool.leak-detection.sampling-interval=0 | memguard.buffer-pool.leak-detection.sampling-interval | 0 | at least 1" })
    void aBadValueFailsStartUpNamingThePropertyAndTheAcceptedValues(String property, String name, String value,
            String reason) {
        StartupFailures.assertInvalidProperty(runner, name, value, reason, property);
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnPoolButStillWiresIt() {
        runner.withUserConfiguration(OwnPool.class).run(context -> {
            assertThat(context).hasSingleBean(BufferPool.class);
            assertThat(context.getBean(BufferPool.class)).isSameAs(context.getBean(OwnPool.class).pool);
            assertThat(context.getBean(BuffersEndpointSection.class).describe().buckets()).hasSize(1);
        });
    }

    @Test
    void isOffWhenMemguardIsDisabled() {
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BufferPool.class)
                        .doesNotHaveBean(BuffersEndpointSection.class));
    }

    @Test
    void isOffWhenTheBufferPoolIsDisabled() {
        runner.withPropertyValues("memguard.buffer-pool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BufferPool.class)
                        .doesNotHaveBean(BufferPoolMetrics.class));
    }

    @Test
    void isOffWithoutMemguardCore() {
        runner.withClassLoader(new FilteredClassLoader(BufferPool.class))
                .run(context -> assertThat(context).doesNotHaveBean(BufferPoolProperties.class));
    }

    @Test
    void registersNoMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> assertThat(context)
                .hasSingleBean(BufferPool.class).doesNotHaveBean(BufferPoolMetrics.class));
    }

    @Test
    void followsThePressureMonitorAndLetsItGoOnClose() {
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();
        runner.withBean(ManualMemoryPressureMonitor.class, () -> monitor).run(context -> {
            BufferPool pool = context.getBean(BufferPool.class);
            pool.release(pool.acquire(100));
            assertThat(pool.snapshot().retainedBytes()).isEqualTo(1024);

            monitor.setLevel(MemoryPressureLevel.CRITICAL);

            assertThat(pool.snapshot().retainedBytes()).isZero();
            assertThat(pool.snapshot().retentionPaused()).isTrue();
        });
        assertThat(monitor.listeners()).isEmpty();
    }

    @Test
    void startsPausedWhenMemoryIsAlreadyCritical() {
        runner.withBean(ManualMemoryPressureMonitor.class, () -> new ManualMemoryPressureMonitor(MemoryPressureLevel.CRITICAL))
                .run(context -> assertThat(context.getBean(BufferPool.class).snapshot().retentionPaused()).isTrue());
    }

    @Test
    void publishesALeakAsASpringEventWithWhereTheBufferWasAcquired() {
        runner.withPropertyValues("memguard.buffer-pool.leak-detection.level=paranoid")
                .withUserConfiguration(LeakEvents.class).run(context -> {
                    BufferPool pool = context.getBean(BufferPool.class);
                    acquireAndForget(pool);
                    List<BufferLeakEvent> events = context.getBean(LeakEvents.class).events;

                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        System.gc();
                        return !events.isEmpty();
                    });

                    BufferLeakEvent event = events.get(0);
                    assertThat(event.getPool()).isSameAs(pool);
                    assertThat(event.getLeak().capacity()).isEqualTo(16384);
                    assertThat(event.getLeak().acquiredAt().get(0).getMethodName()).isEqualTo("acquireAndForget");
                });
    }

    @Test
    void describesThePoolInTheBuffersEndpointSection() {
        runner.run(context -> {
            BufferPool pool = context.getBean(BufferPool.class);
            pool.release(pool.acquire(3000));
            pool.release(pool.acquire(3000));
            MemoryEndpointSection section = context.getBean(MemoryEndpointSection.class);

            assertThat(section.name()).isEqualTo("buffers");
            BuffersDescriptor buffers = (BuffersDescriptor) section.describe();
            assertThat(buffers.leakDetection()).isEqualTo("sampled");
            assertThat(buffers.level()).isEqualTo("NONE");
            assertThat(buffers.retainedBytes()).isEqualTo(4096);
            assertThat(buffers.buckets()).filteredOn(bucket -> bucket.size() == 4096).singleElement()
                    .satisfies(bucket -> {
                        assertThat(bucket.acquired()).isEqualTo(2);
                        assertThat(bucket.hits()).isEqualTo(1);
                        assertThat(bucket.reuseRatio()).isEqualTo(0.5);
                    });
        });
    }

    @Test
    void exportsNoMetersUntilThePoolIsFirstAcquiredFrom() {
        runner.run(context -> {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getBean(BufferPoolMetrics.class).bindTo(registry);
            assertThat(registry.find(BufferPoolMetrics.ACQUISITIONS).meters()).isEmpty();
            assertThat(registry.scrape()).doesNotContain("memguard_buffer_pool");

            BufferPool pool = context.getBean(BufferPool.class);
            pool.release(pool.acquire(1000));

            assertThat(registry.find(BufferPoolMetrics.ACQUISITIONS).meters())
                    .hasSize(BufferPool.Builder.DEFAULT_BUCKETS.size());
            assertThat(registry.scrape()).contains("memguard_buffer_pool_acquisitions_total{bucket=\"1024\"} 1.0")
                    .contains("memguard_buffer_pool_retention_paused 0.0");
        });
    }

    @Test
    void exportsMetersPerBucketInPrometheusForm() {
        runner.run(context -> {
            BufferPool pool = context.getBean(BufferPool.class);
            pool.release(pool.acquire(16384));
            pool.release(pool.acquire(16384));
            pool.release(pool.acquire(5 << 20));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getBean(BufferPoolMetrics.class).bindTo(registry);

            assertThat(registry.get(BufferPoolMetrics.REUSE).tag("bucket", "16384").gauge().value()).isEqualTo(0.5);
            String scrape = registry.scrape();
            assertThat(scrape).contains("memguard_buffer_pool_reuse{bucket=\"16384\"} 0.5")
                    .contains("memguard_buffer_pool_acquisitions_total{bucket=\"16384\"} 2.0")
                    .contains("memguard_buffer_pool_retained_bytes{bucket=\"16384\"} 16384.0")
                    .contains("memguard_buffer_pool_in_use{bucket=\"1024\"} 0.0")
                    .contains("memguard_buffer_pool_leaks_total{bucket=\"1048576\"} 0.0")
                    .contains("memguard_buffer_pool_unpooled_total 1.0")
                    .contains("memguard_buffer_pool_unpooled_bytes_total 5242880.0")
                    .contains("memguard_buffer_pool_retention_paused 0.0")
                    .contains("# HELP memguard_buffer_pool_reuse Share of acquisitions served by reusing");
        });
    }

    private static void acquireAndForget(BufferPool pool) {
        ByteBuffer forgotten = pool.acquire(10_000);
        forgotten.put(0, (byte) 1);
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPool {

        final BufferPool pool = BufferPool.builder().buckets(2048).build();

        @Bean
        BufferPool ownPool() {
            return pool;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LeakEvents {

        final List<BufferLeakEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void onLeak(BufferLeakEvent event) {
            events.add(event);
        }
    }

    @Test
    void lowMemoryModeEmptiesThePoolAndPausesRetentionUntilItIsLeft() {
        runner.withConfiguration(AutoConfigurations.of(LowMemoryModeAutoConfiguration.class))
                .withBean(MemoryPressureMonitor.class, () -> MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.NONE))
                .run(context -> {
                    BufferPool pool = context.getBean(BufferPool.class);
                    LowMemoryMode mode = context.getBean(LowMemoryMode.class);
                    pool.release(pool.acquire(16384));
                    pool.release(pool.acquire(1024));
                    assertThat(pool.snapshot().retainedBytes()).isEqualTo(16384 + 1024);

                    mode.forceOn();

                    BuffersDescriptor inMode = (BuffersDescriptor) context.getBean(BuffersEndpointSection.class)
                            .describe();
                    assertThat(inMode.retainedBytes()).isZero();
                    assertThat(inMode.retentionPaused()).isTrue();
                    assertThat(inMode.trimmedBytes()).isEqualTo(16384 + 1024);
                    pool.release(pool.acquire(4096));
                    assertThat(pool.snapshot().retainedBytes()).as("nothing is kept while the mode is on").isZero();

                    mode.release();

                    assertThat(pool.snapshot().retentionPaused()).isFalse();
                    pool.release(pool.acquire(4096));
                    assertThat(pool.snapshot().retainedBytes()).isEqualTo(4096);
                });
    }

    @Test
    void reportsEachBucketsReuseAsEvidenceForRecommendations() {
        runner.run(context -> {
            BufferPool pool = context.getBean(BufferPool.class);
            for (int i = 0; i < 4; i++) {
                pool.release(pool.acquire(4096));
            }
            pool.acquire(1024);
            MemoryObservations.Builder observations = MemoryObservations.builder();
            context.getBean(MemoryObservationContributor.class).contribute(observations);

            assertThat(observations.build().bucketReuse()).hasSize(BufferPool.Builder.DEFAULT_BUCKETS.size())
                    .contains(new MemoryObservations.BucketReuse(4096, 4, 0.75),
                            new MemoryObservations.BucketReuse(1024, 1, 0.0));
        });
    }
}
