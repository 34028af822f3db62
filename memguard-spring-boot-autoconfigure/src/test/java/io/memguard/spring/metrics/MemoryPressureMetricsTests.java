package io.memguard.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.autoconfigure.MemorySnapshotFixtures;
import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.PressureSettings;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class MemoryPressureMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void levelGaugeFollowsTheMonitor() {
        ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.MODERATE);
        new MemoryPressureMetrics(monitor).bindTo(registry);
        Gauge level = registry.get("memguard.pressure.level").gauge();
        assertThat(level.value()).isEqualTo(2.0);
        assertThat(level.getId().getDescription()).contains("0 NONE").contains("4 CRITICAL");
        monitor.setSnapshot(MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.CRITICAL));
        assertThat(level.value()).isEqualTo(4.0);
    }

    @Test
    void everyPresentSignalHasItsRatioAndBytes() {
        new MemoryPressureMetrics(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH)).bindTo(registry);
        assertThat(ratio("heap-after-gc")).isEqualTo(0.875);
        assertThat(ratio("heap")).isEqualTo(0.5);
        assertThat(ratio("direct")).isEqualTo(0.25);
        assertThat(ratio("container")).isEqualTo(0.75);
        assertThat(ratio("system")).isEqualTo(0.5);
        assertThat(ratio("psi")).isEqualTo(0.125);
        Gauge used = registry.get("memguard.memory.used").tag("signal", "container").gauge();
        assertThat(used.value()).isEqualTo(3072);
        assertThat(used.getId().getBaseUnit()).isEqualTo(BaseUnits.BYTES);
        Gauge limit = registry.get("memguard.memory.limit").tag("signal", "container").gauge();
        assertThat(limit.value()).isEqualTo(4096);
        assertThat(limit.getId().getBaseUnit()).isEqualTo(BaseUnits.BYTES);
        assertThat(registry.find("memguard.memory.used").tag("signal", "psi").gauge())
                .as("psi is not measured in bytes").isNull();
    }

    @Test
    void signalsThisMachineDoesNotProvideHaveNoMeters() {
        new MemoryPressureMetrics(
                new ManualMemoryPressureMonitor(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.NONE)))
                .bindTo(registry);
        assertThat(registry.find("memguard.memory.usage.ratio").gauges())
                .extracting((gauge) -> gauge.getId().getTag("signal"))
                .containsExactlyInAnyOrder("heap-after-gc", "heap");
    }

    @Test
    void aSignalThatVanishesReadsNaNRatherThanAStaleValue() {
        ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.LOW);
        new MemoryPressureMetrics(monitor).bindTo(registry);
        monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.LOW));
        assertThat(ratio("container")).isNaN();
    }

    @Test
    void countsListenerFailuresAndGcHintsOfTheDefaultMonitor() {
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
                .settings(PressureSettings.defaults()).build()) {
            monitor.refresh();
            new MemoryPressureMetrics(monitor).bindTo(registry);
            FunctionCounter failures = registry.get("memguard.pressure.listener.failures").functionCounter();
            assertThat(failures.count()).isZero();
            assertThat(registry.get("memguard.gc.hints").functionCounters()).extracting(
                    (counter) -> counter.getId().getTag("outcome")).containsExactlyInAnyOrder("requested",
                            "skipped-cooldown", "skipped-explicit-gc-disabled");
            assertThat(ratioOrNull("heap")).isNotNull();
            assertThat(registry.get("memguard.pressure.probe.failures").tag("signal", "heap-after-gc")
                    .functionCounter().count()).isZero();
            assertThat(registry.get("memguard.gc.live.set.measurements").functionCounters()).extracting(
                    (counter) -> counter.getId().getTag("outcome")).containsExactlyInAnyOrder("requested",
                            "provoked", "skipped-explicit-gc-disabled");
        }
    }

    @Test
    void countsFailedReadsOfEachSignal() {
        AtomicBoolean failing = new AtomicBoolean();
        try (DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
                .directProbe(() -> {
                    if (failing.get()) {
                        throw new IllegalStateException("unreadable");
                    }
                    return Optional.of(new DirectMemory(10, 1, 100));
                }).build()) {
            monitor.refresh();
            new MemoryPressureMetrics(monitor).bindTo(registry);
            failing.set(true);
            monitor.refresh();
            assertThat(registry.get("memguard.pressure.probe.failures").tag("signal", "direct").functionCounter()
                    .count()).isEqualTo(1.0);
            assertThat(ratio("direct")).as("the stale reading is still reported").isEqualTo(0.1);
        }
    }

    @Test
    void timeSinceLastGcAndAllocationRateFollowTheSnapshot() {
        ManualMemoryPressureMonitor monitor = MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH);
        new MemoryPressureMetrics(monitor).bindTo(registry);
        Gauge sinceLastGc = registry.get("memguard.gc.time.since.last").gauge();
        assertThat(sinceLastGc.value()).isEqualTo(0.5);
        assertThat(sinceLastGc.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.get("memguard.allocation.rate").gauge().value()).isEqualTo(1_000_000.0);
        monitor.setSnapshot(MemorySnapshotFixtures.heapOnlySnapshot(MemoryPressureLevel.HIGH));
        assertThat(sinceLastGc.value()).as("no collection yet").isNaN();
        assertThat(registry.get("memguard.allocation.rate").gauge().value()).as("rate unknown").isNaN();
    }

    @Test
    void secondsToLimitOfTheProjectedSignalsAndWhetherTheLevelWasProjected() {
        MemorySnapshot calm = MemorySnapshotFixtures.detailedSnapshot(MemoryPressureLevel.MODERATE);
        ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor(calm);
        new MemoryPressureMetrics(monitor).bindTo(registry);
        Gauge container = registry.get(MemoryPressureMetrics.SECONDS_TO_LIMIT).tag("signal", "container").gauge();
        Gauge projected = registry.get(MemoryPressureMetrics.PROJECTED).gauge();
        assertThat(container.value()).as("not growing").isNaN();
        assertThat(container.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(projected.value()).isZero();
        assertThat(registry.find(MemoryPressureMetrics.SECONDS_TO_LIMIT).gauges())
                .extracting((gauge) -> gauge.getId().getTag("signal"))
                .containsExactlyInAnyOrder("container", "heap-after-gc");

        Map<MemorySignal, SignalReading> signals = new EnumMap<>(calm.signals());
        signals.computeIfPresent(MemorySignal.CONTAINER, (signal, reading) -> reading.withSecondsToLimit(1.5));
        monitor.setSnapshot(new MemorySnapshot(calm.timestamp(), MemoryPressureLevel.CRITICAL,
                MemorySignal.CONTAINER, signals, calm.heap(), calm.direct(), calm.gc(), calm.container(),
                calm.system(), calm.psi(), true));
        assertThat(container.value()).isEqualTo(1.5);
        assertThat(projected.value()).isEqualTo(1.0);
    }

    @Test
    void noMeterIsUnderJvm() {
        new MemoryPressureMetrics(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH)).bindTo(registry);
        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy((meter) -> assertThat(meter.getId().getName()).startsWith("memguard."));
    }

    @Test
    void prometheusNamesAreTheDocumentedOnes() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MemoryPressureMetrics(MemorySnapshotFixtures.monitorAt(MemoryPressureLevel.HIGH)).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains("memguard_pressure_level 3.0",
                "memguard_memory_usage_ratio{signal=\"heap-after-gc\"} 0.875",
                "memguard_memory_usage_ratio{signal=\"psi\"} 0.125",
                "memguard_memory_used_bytes{signal=\"container\"} 3072.0",
                "memguard_memory_limit_bytes{signal=\"container\"} 4096.0",
                "memguard_gc_time_since_last_seconds 0.5",
                "memguard_memory_seconds_to_limit_seconds{signal=\"container\"} NaN", "memguard_pressure_projected 0.0");
    }

    private double ratio(String signal) {
        return registry.get("memguard.memory.usage.ratio").tag("signal", signal).gauge().value();
    }

    private Double ratioOrNull(String signal) {
        Gauge gauge = registry.find("memguard.memory.usage.ratio").tag("signal", signal).gauge();
        return (gauge != null) ? gauge.value() : null;
    }
}
