package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaExceededException;
import io.memguard.quota.QuotaStream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class QuotaMetricsTests {

    @Test
    void oneHundredThousandStreamsExportABoundedNumberOfSeries() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 40).defaultStreamLimit(1L << 30)
                .backgroundExecutor(Runnable::run).build();
        for (int i = 0; i < 100_000; i++) {
            controller.stream("stream-" + i).allocate("default", 1 + i);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (QuotaMetrics metrics = new QuotaMetrics(controller, 10, null)) {
            metrics.bindTo(registry);

            String scrape = registry.scrape();

            List<String> samples = scrape.lines().filter(line -> line.startsWith("memguard_quota_")).toList();
            List<String> perStream = samples.stream()
                    .filter(line -> line.startsWith("memguard_quota_stream_used_bytes{")).toList();
            assertThat(perStream).hasSize(11).anyMatch(line -> line.contains("stream=\"other\""));
            assertThat(samples).as("every quota series, all meters together").hasSizeLessThan(50);
            double sum = perStream.stream().mapToDouble(QuotaMetricsTests::value).sum();
            assertThat(sum).as("the top streams plus other add up to the global usage")
                    .isEqualTo((double) controller.usedBytes());
            assertThat(perStream).anyMatch(line -> line.equals("memguard_quota_stream_used_bytes{stream=\"stream-99999\"} 100000.0"))
                    .anyMatch(line -> line.startsWith("memguard_quota_stream_used_bytes{stream=\"stream-99990\"}"));
        }
    }

    @Test
    void everyMeterHasItsPrometheusName() {
        QuotaController controller = QuotaController.builder().globalLimit(10_000).defaultStreamLimit(1_000)
                .overLimitAction(OverLimitAction.REJECT).backgroundExecutor(Runnable::run).build();
        controller.stream("s").allocate("default", 600);
        try {
            controller.stream("s").allocate("default", 600);
        }
        catch (QuotaExceededException expected) {
            // counted as a rejection by the stream limit
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new QuotaMetrics(controller, 5, null).bindTo(registry);

        String scrape = registry.scrape();

        assertThat(scrape).contains("memguard_quota_used_bytes 600.0", "memguard_quota_limit_bytes 10000.0",
                "memguard_quota_threshold_bytes{threshold=\"soft\"} 8000.0",
                "memguard_quota_threshold_bytes{threshold=\"critical\"} 9800.0", "memguard_quota_usage_ratio 0.06",
                "memguard_quota_streams 1.0", "memguard_quota_allocated_bytes_total 600.0",
                "memguard_quota_allocation_rate_bytes_per_second 0.0",
                "memguard_quota_evictions_total{reason=\"stream-limit\"} 0.0",
                "memguard_quota_evicted_bytes_total{reason=\"global-soft\"} 0.0",
                "memguard_quota_rejections_total{limit=\"stream\"} 1.0",
                "memguard_quota_rejections_total{limit=\"global\"} 0.0", "memguard_quota_throttled_total 0.0",
                "memguard_quota_leaks_total 0.0", "memguard_quota_callback_failures_total 0.0",
                "memguard_quota_stream_used_bytes{stream=\"s\"} 600.0",
                "memguard_quota_stream_used_bytes{stream=\"other\"} 0.0");
        assertThat(scrape).contains("# HELP memguard_quota_used_bytes Bytes held by all quota streams");
    }

    @Test
    void oneScrapeTakesOneSnapshotOfTheCountersAndExportsTheSameSeries() throws Exception {
        QuotaController controller = QuotaController.builder().globalLimit(10_000).defaultStreamLimit(1_000)
                .overLimitAction(OverLimitAction.REJECT).backgroundExecutor(Runnable::run).build();
        controller.stream("s").allocate("default", 600);
        try {
            controller.stream("s").allocate("default", 600);
        }
        catch (QuotaExceededException expected) {
            // counted as a rejection by the stream limit
        }
        AtomicInteger snapshots = new AtomicInteger();
        QuotaController counted = (QuotaController) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { QuotaController.class }, (proxy, method, arguments) -> {
                    if (method.getName().equals("snapshot")) {
                        snapshots.incrementAndGet();
                    }
                    try {
                        return method.invoke(controller, arguments);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        AtomicLong nanos = new AtomicLong(42);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new QuotaMetrics(counted, 5, null, nanos::get).bindTo(registry);
        snapshots.set(0);

        List<String> first = quotaSamples(registry.scrape());

        assertThat(snapshots).as("one copy of the counters for the whole scrape").hasValue(1);
        PrometheusMeterRegistry direct = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new QuotaMetrics(controller, 5, null).bindTo(direct);
        assertThat(first).as("the same series and values as a binder without a clock")
                .containsExactlyInAnyOrderElementsOf(quotaSamples(direct.scrape()))
                .contains("memguard_quota_allocated_bytes_total 600.0",
                        "memguard_quota_rejections_total{limit=\"stream\"} 1.0",
                        "memguard_quota_evictions_total{reason=\"stream-limit\"} 0.0",
                        "memguard_quota_allocation_rate_bytes_per_second 0.0");

        controller.stream("s").allocate("default", 100);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(QuotaMetrics.SNAPSHOT_REUSE_MILLIS) - 1);
        assertThat(registry.scrape()).as("within the reuse time, the counters keep the first scrape's moment")
                .contains("memguard_quota_allocated_bytes_total 600.0", "memguard_quota_used_bytes 700.0");
        assertThat(snapshots).hasValue(1);

        nanos.incrementAndGet();
        assertThat(registry.scrape()).contains("memguard_quota_allocated_bytes_total 700.0");
        assertThat(snapshots).hasValue(2);
    }

    private static List<String> quotaSamples(String scrape) {
        return scrape.lines().filter((line) -> line.startsWith("memguard_quota_")).toList();
    }

    @Test
    void refreshingFollowsTheLargestStreamsAndDropsClosedOnes() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).backgroundExecutor(Runnable::run)
                .build();
        QuotaStream small = controller.stream("small");
        small.allocate("default", 10);
        QuotaStream large = controller.stream("large");
        large.allocate("default", 1_000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QuotaMetrics metrics = new QuotaMetrics(controller, 1, null);
        metrics.bindTo(registry);
        assertThat(streamSeries(registry)).containsExactlyInAnyOrder("large", "other");
        assertThat(streamBytes(registry, "other")).isEqualTo(10);

        small.allocate("default", 5_000);
        assertThat(streamBytes(registry, "other")).as("values are live between refreshes").isEqualTo(5_010);
        metrics.refresh();
        assertThat(streamSeries(registry)).containsExactlyInAnyOrder("small", "other");
        assertThat(streamBytes(registry, "other")).isEqualTo(1_000);

        small.close();
        metrics.refresh();
        assertThat(streamSeries(registry)).containsExactlyInAnyOrder("large", "other");
    }

    @Test
    void zeroTopStreamsExportsOnlyOther() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).backgroundExecutor(Runnable::run)
                .build();
        controller.stream("s").allocate("default", 42);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new QuotaMetrics(controller, 0, null).bindTo(registry);

        assertThat(streamSeries(registry)).containsExactly("other");
        assertThat(streamBytes(registry, "other")).isEqualTo(42);
        assertThatIllegalArgumentException().isThrownBy(() -> new QuotaMetrics(controller, -1, null))
                .withMessage("topStreams must not be negative, was -1");
    }

    @Test
    void withARefreshIntervalTheTopStreamsAreRefreshedOnTheBindersThread() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).backgroundExecutor(Runnable::run)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (QuotaMetrics metrics = new QuotaMetrics(controller, 3, Duration.ofMillis(10))) {
            metrics.bindTo(registry);
            controller.stream("late").allocate("default", 1);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(streamSeries(registry)).contains("late"));
        }
    }

    @Test
    void aBinderClosedBeforeTheFirstStreamStartsNoRefreshThread() {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).backgroundExecutor(Runnable::run)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long refreshersBefore = refreshThreads();
        QuotaMetrics metrics = new QuotaMetrics(controller, 3, Duration.ofMillis(10));
        metrics.bindTo(registry);
        metrics.close();

        controller.stream("late").allocate("default", 1);

        assertThat(registry.find(QuotaMetrics.USED).gauge()).as("registered at the first stream").isNotNull();
        assertThat(refreshThreads()).as("other tests' closed binders' threads only end").isLessThanOrEqualTo(
                refreshersBefore);
    }

    private static long refreshThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("memguard-quota-metrics") && thread.isAlive()).count();
    }

    private static List<String> streamSeries(SimpleMeterRegistry registry) {
        return registry.find(QuotaMetrics.STREAM_USED).gauges().stream().map(gauge -> gauge.getId().getTag("stream"))
                .toList();
    }

    private static double streamBytes(SimpleMeterRegistry registry, String stream) {
        Gauge gauge = registry.get(QuotaMetrics.STREAM_USED).tag("stream", stream).gauge();
        return gauge.value();
    }

    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }
}
