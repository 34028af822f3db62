package io.memguard.spring.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.memguard.cleanup.CacheShrinkReport;
import io.memguard.cleanup.CleanupRegistration;
import io.memguard.cleanup.CleanupScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of every cleanup task, tagged with the {@code task} name: runs, items removed, failures, skipped
 * runs and the duration of the last run; plus the number of cache resizes. Tasks scheduled later get their
 * meters when scheduled and lose them when cancelled. {@link #close()} stops following the scheduler.
 *
 * @since 0.1.0
 */
public final class CleanupMeterBinder implements MeterBinder, AutoCloseable {

    /** Completed runs of a task. */
    public static final String RUNS = "memguard.cleanup.runs";

    /** Items removed by a task. */
    public static final String ITEMS_REMOVED = "memguard.cleanup.items.removed";

    /** Runs of a task that threw. */
    public static final String FAILURES = "memguard.cleanup.failures";

    /** Ticks skipped because the task was still running. */
    public static final String SKIPPED_RUNS = "memguard.cleanup.skipped.runs";

    /** Duration of the last run of a task. */
    public static final String LAST_DURATION = "memguard.cleanup.last.duration";

    /** Cache maximums changed under memory pressure. */
    public static final String CACHE_RESIZES = "memguard.cleanup.cache.resizes";

    private final CleanupScheduler scheduler;

    private final @Nullable CacheShrinkReport caches;

    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();

    private final Map<CleanupRegistration, List<BoundMeter>> meters = new ConcurrentHashMap<>();

    private final CleanupScheduler.Listener listener = new CleanupScheduler.Listener() {

        @Override
        public void onScheduled(CleanupRegistration task) {
            for (MeterRegistry meterRegistry : meterRegistries) {
                bind(task, meterRegistry);
            }
        }

        @Override
        public void onCancelled(CleanupRegistration task) {
            List<BoundMeter> removed = meters.remove(task);
            if (removed != null) {
                removed.forEach(bound -> bound.registry().remove(bound.meter()));
            }
        }
    };

    /**
     * Creates the binder.
     *
     * @param scheduler the cleanup scheduler
     * @param caches    what was done to caches, or {@code null} when caches are not shrunk
     */
    public CleanupMeterBinder(CleanupScheduler scheduler, @Nullable CacheShrinkReport caches) {
        this.scheduler = scheduler;
        this.caches = caches;
        scheduler.addListener(listener);
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        meterRegistries.add(meterRegistry);
        for (CleanupRegistration task : scheduler.tasks()) {
            bind(task, meterRegistry);
        }
        if (caches != null) {
            FunctionCounter.builder(CACHE_RESIZES, caches, CacheShrinkReport::resizeCount)
                    .description("Cache maximums changed under memory pressure, shrinks and restores")
                    .register(meterRegistry);
        }
    }

    private void bind(CleanupRegistration task, MeterRegistry meterRegistry) {
        Tags tags = Tags.of("task", task.name());
        List<Meter> bound = List.of(
                FunctionCounter.builder(RUNS, task, runs -> runs.snapshot().runs()).tags(tags)
                        .description("Completed runs of the cleanup task").register(meterRegistry),
                FunctionCounter.builder(ITEMS_REMOVED, task, removed -> removed.snapshot().itemsRemoved()).tags(tags)
                        .description("Items removed by the cleanup task").register(meterRegistry),
                FunctionCounter.builder(FAILURES, task, failures -> failures.snapshot().failures()).tags(tags)
                        .description("Runs of the cleanup task that threw").register(meterRegistry),
                FunctionCounter.builder(SKIPPED_RUNS, task, skipped -> skipped.snapshot().skippedRuns()).tags(tags)
                        .description("Ticks skipped because the cleanup task was still running").register(meterRegistry),
                TimeGauge.builder(LAST_DURATION, task, TimeUnit.NANOSECONDS, CleanupMeterBinder::lastDurationNanos)
                        .tags(tags).description("Duration of the last run of the cleanup task").register(meterRegistry));
        List<BoundMeter> tracked = meters.computeIfAbsent(task, key -> new CopyOnWriteArrayList<>());
        bound.forEach(meter -> tracked.add(new BoundMeter(meterRegistry, meter)));
    }

    private static double lastDurationNanos(CleanupRegistration task) {
        Duration last = task.snapshot().lastDuration();
        return (last != null) ? last.toNanos() : 0;
    }

    @Override
    public void close() {
        scheduler.removeListener(listener);
    }

    private record BoundMeter(MeterRegistry registry, Meter meter) {
    }
}
