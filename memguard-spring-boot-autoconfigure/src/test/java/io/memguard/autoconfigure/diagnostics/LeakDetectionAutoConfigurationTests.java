package io.memguard.autoconfigure.diagnostics;

import static io.memguard.autoconfigure.StartupFailures.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.memguard.autoconfigure.StartupFailures;
import io.memguard.diagnostics.HeapTrendDetector;
import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcTotals;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.PressureSettings;
import io.memguard.spring.actuate.HeapTrendDescriptor;
import io.memguard.spring.actuate.LeakTrendEndpointSection;
import io.memguard.spring.event.MemoryAlertEvent;
import io.memguard.spring.metrics.HeapTrendMetrics;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

class LeakDetectionAutoConfigurationTests {

    private static final long MIB = 1024 * 1024;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemoryAlertsAutoConfiguration.class,
                    LeakDetectionAutoConfiguration.class))
            .withBean(ManualMemoryPressureMonitor.class)
            // The memory endpoint is available: its sections are declared only then.
            .withPropertyValues("management.endpoints.web.exposure.include=memory")
            .withUserConfiguration(MemoryAlertsAutoConfigurationTests.AlertCapture.class);

    /** A sample every 30 seconds over the last 10 minutes, growing by {@code perMinute} from 400 MiB. */
    private static void feedGrowth(HeapTrendDetector detector, long perMinute) {
        Instant start = Instant.now().minus(Duration.ofMinutes(10)).plusSeconds(30);
        for (int i = 0; i < 20; i++) {
            detector.accept(start.plusSeconds(30L * i), 400 * MIB + i * perMinute / 2, 1024 * MIB);
        }
    }

    @Test
    void aSteadilyGrowingHeapRaisesALeakSuspectedEvent() {
        runner.run(context -> {
            context.getBean(ManualMemoryPressureMonitor.class).setLevel(MemoryPressureLevel.MODERATE);

            feedGrowth(context.getBean(HeapTrendDetector.class), 4 * MIB);

            assertThat(context.getBean(MemoryAlertsAutoConfigurationTests.AlertCapture.class).events)
                    .extracting(MemoryAlertEvent::getType).containsExactly(MemoryAlert.Type.LEAK_SUSPECTED);
            HeapTrendDescriptor trend = context.getBean(LeakTrendEndpointSection.class).describe();
            assertThat(trend.leakSuspected()).isTrue();
            assertThat(trend.samples()).isEqualTo(20);
            assertThat(trend.windowSeconds()).isEqualTo(600);
            assertThat(trend.timeToCriticalSeconds()).isPositive();
        });
    }

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues("memguard.leak-detection.window=30m",
                "memguard.leak-detection.growth-threshold=0.5", "memguard.leak-detection.minimum-fit=0.5",
                "memguard.leak-detection.minimum-samples=5", "memguard.leak-detection.critical-ratio=0.9")
                .run(context -> {
                    LeakDetectionProperties properties = context.getBean(LeakDetectionProperties.class);
                    assertThat(properties.getWindow()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(properties.getGrowthThreshold()).isEqualTo(0.5);
                    assertThat(properties.getMinimumFit()).isEqualTo(0.5);
                    assertThat(properties.getMinimumSamples()).isEqualTo(5);
                    assertThat(properties.getCriticalRatio()).isEqualTo(0.9);
                    assertThat(context.getBean(LeakTrendEndpointSection.class).describe().windowSeconds()).isEqualTo(1800);

                    feedGrowth(context.getBean(HeapTrendDetector.class), 4 * MIB);
                    assertThat(context.getBean(LeakTrendEndpointSection.class).describe().leakSuspected())
                            .as("23%% per hour is below a threshold of 50%%").isFalse();
                });
    }

    @Test
    void theSectionIsEmptyBeforeTheFirstSample() {
        runner.run(context -> {
            LeakTrendEndpointSection section = context.getBean(LeakTrendEndpointSection.class);
            assertThat(section.name()).isEqualTo("leak-trend");
            assertThat(section.describe().samples()).isZero();
            assertThat(section.describe().timeToCriticalSeconds()).isNull();
        });
    }

    @Test
    void nothingWhenDisabled() {
        runner.withPropertyValues("memguard.leak-detection.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HeapTrendDetector.class));
        runner.withPropertyValues("memguard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HeapTrendDetector.class));
    }

    @Test
    void noMetricsWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(HeapTrendMetrics.class));
    }

    @Test
    void metricsExportTheSlopeAndTheSuspicion() {
        runner.run(context -> {
            HeapTrendDetector detector = context.getBean(HeapTrendDetector.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(HeapTrendMetrics.class).bindTo(registry);

            feedGrowth(detector, 6 * MIB);

            assertThat(registry.get("memguard.heap.trend.slope").gauge().value()).isCloseTo(6.0 * MIB / 60,
                    org.assertj.core.api.Assertions.within(1.0));
            assertThat(registry.get("memguard.heap.leak.suspected").gauge().value()).isEqualTo(1.0);

            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getBean(HeapTrendMetrics.class).bindTo(prometheus);
            assertThat(prometheus.scrape()).contains("memguard_heap_trend_slope_bytes_per_second ")
                    .contains("memguard_heap_leak_suspected 1.0");
        });
    }

    @Test
    void refusesSettingsOutOfRange() {
        runner.withPropertyValues("memguard.leak-detection.window=0s").run(context -> assertInvalidProperty(context,
                "memguard.leak-detection.window", "PT0S", "must be a positive duration, such as 10m"));
        runner.withPropertyValues("memguard.leak-detection.growth-threshold=0").run(context -> assertInvalidProperty(
                context, "memguard.leak-detection.growth-threshold", "0.0", "must be positive, such as 0.05"));
        runner.withPropertyValues("memguard.leak-detection.minimum-fit=2").run(context -> assertInvalidProperty(context,
                "memguard.leak-detection.minimum-fit", "2.0", "must be an R-squared from 0 to 1, such as 0.8"));
        runner.withPropertyValues("memguard.leak-detection.minimum-samples=2").run(context -> assertInvalidProperty(
                context, "memguard.leak-detection.minimum-samples", "2", "must be at least 3"));
        runner.withPropertyValues("memguard.leak-detection.critical-ratio=1.5").run(context -> assertInvalidProperty(
                context, "memguard.leak-detection.critical-ratio", "1.5", "must be a ratio above 0 and at most 1, such as 0.95"));
    }

    @Test
    void thePressureMonitorFeedsTheDetectorOncePerCollection() {
        AtomicReference<GcTotals> gc = new AtomicReference<>(new GcTotals(0, Duration.ZERO, null, -1));
        AtomicLong liveHeap = new AtomicLong(400 * MIB);
        DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
                .settings(PressureSettings.builder().interval(Duration.ofHours(1)).build())
                .heapProbe(() -> Optional.of(new HeapMemory(liveHeap.get(), 1024 * MIB, 1024 * MIB, liveHeap.get(),
                        1024 * MIB)))
                .gcProbe(() -> Optional.of(gc.get())).build();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MemoryAlertsAutoConfiguration.class,
                        LeakDetectionAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=memory")
                .withBean(DefaultMemoryPressureMonitor.class, () -> monitor).run(context -> {
                    assertThat(context).hasSingleBean(HeapTrendFeed.class);
                    monitor.refresh();
                    for (int collection = 1; collection <= 3; collection++) {
                        gc.set(new GcTotals(collection, Duration.ofMillis(collection), Instant.now(), -1));
                        liveHeap.addAndGet(MIB);
                        monitor.refresh();
                        monitor.refresh();
                    }
                    assertThat(context.getBean(LeakTrendEndpointSection.class).describe().samples()).isEqualTo(3);
                    HeapTrendDetector detector = context.getBean(HeapTrendDetector.class);
                    context.close();
                    gc.set(new GcTotals(4, Duration.ofMillis(4), Instant.now(), -1));
                    monitor.refresh();
                    assertThat(detector.trend().samples())
                            .as("no feed after close").isEqualTo(3);
                });
    }
}
