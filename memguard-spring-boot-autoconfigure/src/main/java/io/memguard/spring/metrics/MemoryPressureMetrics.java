package io.memguard.spring.metrics;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.pressure.DefaultMemoryPressureMonitor;
import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot.SignalReading;

/**
 * Micrometer meters of the memory pressure model, named under {@code memguard.}. The JVM's own memory and GC
 * meters ({@code jvm.*}) are left to Spring Boot's JVM metrics.
 *
 * <ul>
 * <li>{@code memguard.pressure.level}: the level, 0 (NONE) to 4 (CRITICAL)</li>
 * <li>{@code memguard.memory.usage.ratio{signal}}: each signal's ratio of its limit, in [0..1]</li>
 * <li>{@code memguard.memory.used{signal}} and {@code memguard.memory.limit{signal}}: the bytes behind the ratio,
 * for the signals measured in bytes (all but {@code psi})</li>
 * <li>{@code memguard.memory.seconds.to.limit{signal}}: at the growth of the recent readings, the seconds left
 * before the signal reaches its critical threshold (0 once there, NaN while it is not growing), for the projected
 * signals ({@code container}, {@code heap-after-gc})</li>
 * <li>{@code memguard.pressure.projected}: 1 while the level was raised by a projected growth, else 0</li>
 * <li>{@code memguard.pressure.listener.failures}: level-change listeners that threw</li>
 * <li>{@code memguard.pressure.probe.failures{signal}}: reads of a signal that failed; the signal kept its earlier
 * reading, marked stale</li>
 * <li>{@code memguard.gc.time.since.last}: seconds since the last collection ended (NaN before the first), so that
 * an alert can tell pressure from garbage apart from pressure nothing can collect</li>
 * <li>{@code memguard.allocation.rate}: bytes allocated per second between the last two observations</li>
 * <li>{@code memguard.gc.hints{outcome}}: GC hints given ({@code requested}) or held back
 * ({@code skipped-cooldown}, {@code skipped-explicit-gc-disabled})</li>
 * <li>{@code memguard.gc.live.set.measurements{outcome}}: collections asked for to measure the live set while HIGH
 * or CRITICAL ({@code requested}), young collections provoked instead where explicit GC is disabled under G1
 * ({@code provoked}), or due but neither possible ({@code skipped-explicit-gc-disabled})</li>
 * </ul>
 * Signal meters are registered for the signals the monitor reports when the meters are bound: a signal this
 * machine does not provide (such as {@code container} outside a memory-limited cgroup) has no meter at all.
 *
 * @since 0.1.0
 */
public final class MemoryPressureMetrics implements MeterBinder {

    /** Name of the level gauge. */
    public static final String LEVEL = "memguard.pressure.level";

    /** Name of the per-signal ratio gauge. */
    public static final String USAGE_RATIO = "memguard.memory.usage.ratio";

    /** Name of the per-signal used-bytes gauge. */
    public static final String USED = "memguard.memory.used";

    /** Name of the per-signal limit gauge. */
    public static final String LIMIT = "memguard.memory.limit";

    /** Name of the per-signal time-to-the-critical-threshold gauge. */
    public static final String SECONDS_TO_LIMIT = "memguard.memory.seconds.to.limit";

    /** Name of the gauge that says whether the level was raised by a projection. */
    public static final String PROJECTED = "memguard.pressure.projected";

    /** Name of the listener failure counter. */
    public static final String LISTENER_FAILURES = "memguard.pressure.listener.failures";

    /** Name of the per-signal probe failure counter. */
    public static final String PROBE_FAILURES = "memguard.pressure.probe.failures";

    /** Name of the GC hint counter. */
    public static final String GC_HINTS = "memguard.gc.hints";

    /** Name of the live-set measurement counter. */
    public static final String LIVE_SET_MEASUREMENTS = "memguard.gc.live.set.measurements";

    /** Name of the time-since-last-GC gauge. */
    public static final String TIME_SINCE_LAST_GC = "memguard.gc.time.since.last";

    /** Name of the allocation rate gauge. */
    public static final String ALLOCATION_RATE = "memguard.allocation.rate";

    /** The signals whose growth the monitor projects. */
    private static final Set<MemorySignal> PROJECTED_SIGNALS = EnumSet.of(MemorySignal.CONTAINER,
            MemorySignal.HEAP_AFTER_GC);

    private final MemoryPressureMonitor monitor;

    /**
     * Creates the binder.
     *
     * @param monitor the monitor to measure
     */
    public MemoryPressureMetrics(MemoryPressureMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(LEVEL, monitor, (m) -> m.level().severity())
                .description("Memory pressure level: 0 NONE, 1 LOW, 2 MODERATE, 3 HIGH, 4 CRITICAL")
                .register(registry);
        Gauge.builder(PROJECTED, monitor, (m) -> m.snapshot().projected() ? 1 : 0)
                .description("1 while the level was raised by a signal's projected growth, else 0")
                .register(registry);
        Gauge.builder(TIME_SINCE_LAST_GC, monitor, MemoryPressureMetrics::secondsSinceLastGc)
                .baseUnit("seconds")
                .description("Time since the last garbage collection ended")
                .register(registry);
        Gauge.builder(ALLOCATION_RATE, monitor, MemoryPressureMetrics::allocationRate)
                .baseUnit("bytes.per.second")
                .description("Bytes allocated per second between the last two observations")
                .register(registry);
        for (SignalReading present : monitor.snapshot().signals().values()) {
            MemorySignal signal = present.signal();
            Tags tags = Tags.of("signal", signal.id());
            signalGauge(registry, USAGE_RATIO, tags, signal, SignalReading::ratio, null,
                    "Usage of the signal over its limit, from 0 to 1");
            if (present.limitBytes() >= 0) {
                signalGauge(registry, USED, tags, signal, SignalReading::usedBytes, BaseUnits.BYTES,
                        "Bytes in use, as counted by the signal");
                signalGauge(registry, LIMIT, tags, signal, SignalReading::limitBytes, BaseUnits.BYTES,
                        "The limit the signal's usage is measured against");
            }
            if (PROJECTED_SIGNALS.contains(signal)) {
                signalGauge(registry, SECONDS_TO_LIMIT, tags, signal,
                        (reading) -> reading.approachingLimit() ? reading.secondsToLimit() : Double.NaN, "seconds",
                        "Seconds left before the critical threshold at the recent growth; NaN while not growing");
            }
        }
        if (monitor instanceof DefaultMemoryPressureMonitor defaultMonitor) {
            FunctionCounter.builder(LISTENER_FAILURES, defaultMonitor, DefaultMemoryPressureMonitor::listenerFailures)
                    .description("Memory pressure listeners that threw; the monitor kept running")
                    .register(registry);
            for (MemorySignal signal : monitor.snapshot().signals().keySet()) {
                FunctionCounter.builder(PROBE_FAILURES, defaultMonitor, (m) -> m.probeFailures(signal))
                        .tag("signal", signal.id())
                        .description("Reads of the signal that failed; it kept its earlier reading, marked stale")
                        .register(registry);
            }
            gcHints(registry, defaultMonitor, "requested", GcHintSnapshot::requested);
            gcHints(registry, defaultMonitor, "skipped-cooldown", GcHintSnapshot::skippedByCooldown);
            gcHints(registry, defaultMonitor, "skipped-explicit-gc-disabled",
                    GcHintSnapshot::skippedExplicitGcDisabled);
            liveSetMeasurements(registry, defaultMonitor, "requested", GcHintSnapshot::liveSetMeasurements);
            liveSetMeasurements(registry, defaultMonitor, "skipped-explicit-gc-disabled",
                    GcHintSnapshot::liveSetMeasurementsSkippedExplicitGcDisabled);
            liveSetMeasurements(registry, defaultMonitor, "provoked", GcHintSnapshot::liveSetMeasurementsProvoked);
        }
    }

    private static double secondsSinceLastGc(MemoryPressureMonitor monitor) {
        Duration since = monitor.snapshot().gc().timeSinceLastGc();
        return (since != null) ? since.toNanos() / 1e9 : Double.NaN;
    }

    private static double allocationRate(MemoryPressureMonitor monitor) {
        double rate = monitor.snapshot().gc().allocationRateBytesPerSecond();
        return (rate >= 0) ? rate : Double.NaN;
    }

    private void signalGauge(MeterRegistry registry, String name, Tags tags, MemorySignal signal,
            ToDoubleFunction<SignalReading> value, @Nullable String baseUnit, String description) {
        // A signal can vanish between two observations (an unreadable cgroup file): NaN, not a stale value.
        Gauge.builder(name, monitor,
                (m) -> m.snapshot().signal(signal).map(value::applyAsDouble).orElse(Double.NaN))
                .tags(tags)
                .baseUnit(baseUnit)
                .description(description)
                .register(registry);
    }

    private static void liveSetMeasurements(MeterRegistry registry, DefaultMemoryPressureMonitor monitor,
            String outcome, ToLongFunction<GcHintSnapshot> count) {
        FunctionCounter.builder(LIVE_SET_MEASUREMENTS, monitor, (m) -> count.applyAsLong(m.gcHintSnapshot()))
                .tag("outcome", outcome)
                .description("Collections asked for to measure the live set while the level is HIGH or CRITICAL or settling after HIGH")
                .register(registry);
    }

    private static void gcHints(MeterRegistry registry, DefaultMemoryPressureMonitor monitor, String outcome,
            ToLongFunction<GcHintSnapshot> count) {
        FunctionCounter.builder(GC_HINTS, monitor, (m) -> count.applyAsLong(m.gcHintSnapshot()))
                .tag("outcome", outcome)
                .description("GC hints on entering HIGH or CRITICAL pressure, by outcome")
                .register(registry);
    }
}
