package io.memguard.spring.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.memguard.spring.actuate.MemoryEndpointSection;
import io.memguard.cleanup.CacheShrinkReport;
import io.memguard.cleanup.CleanupScheduler;
import io.memguard.cleanup.CleanupRegistration;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * The {@code cleanup} section of {@code /actuator/memory}: every cleanup task with its counters, and what
 * was done to caches under memory pressure.
 *
 * @since 0.1.0
 */
public final class CleanupEndpointSection implements MemoryEndpointSection {

    private final CleanupScheduler scheduler;

    private final @Nullable CacheShrinkReport caches;

    /**
     * Creates the section.
     *
     * @param scheduler the cleanup scheduler
     * @param caches    what was done to caches, or {@code null} when caches are not shrunk
     */
    public CleanupEndpointSection(CleanupScheduler scheduler, @Nullable CacheShrinkReport caches) {
        this.scheduler = scheduler;
        this.caches = caches;
    }

    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public CleanupDescriptor describe() {
        Map<String, TaskDescriptor> tasks = new LinkedHashMap<>();
        for (CleanupRegistration.Snapshot stats : scheduler.snapshots()) {
            tasks.put(stats.name(), TaskDescriptor.of(stats));
        }
        CachesDescriptor cachesDescriptor = (caches != null)
                ? new CachesDescriptor(true, caches.caches(), caches.resizeCount(), caches.recentResizes())
                : new CachesDescriptor(false, List.of(), 0, List.of());
        return new CleanupDescriptor(scheduler.pressureTrigger(), tasks, cachesDescriptor);
    }

    /**
     * The cleanup section.
     *
     * @param pressureTriggerLevel the level from which a rise runs an extra pass of every task
     * @param tasks                every task by name
     * @param caches               what was done to caches
     */
    public record CleanupDescriptor(MemoryPressureLevel pressureTriggerLevel, Map<String, TaskDescriptor> tasks,
            CachesDescriptor caches) {
    }

    /**
     * One cleanup task.
     *
     * @param intervalSeconds     the time between runs
     * @param running             whether a run is under way
     * @param runs                completed runs
     * @param itemsRemoved        items removed by all runs
     * @param failures            runs that threw
     * @param skippedRuns         ticks skipped because a run was under way
     * @param lastRunAt           when the last run started, or {@code null}
     * @param lastDurationSeconds how long the last run took, or {@code null}
     * @param lastError           the last failure, or {@code null}
     */
    public record TaskDescriptor(double intervalSeconds, boolean running, long runs, long itemsRemoved, long failures,
            long skippedRuns, @Nullable Instant lastRunAt, @Nullable Double lastDurationSeconds,
            @Nullable String lastError) {

        static TaskDescriptor of(CleanupRegistration.Snapshot stats) {
            Double lastDuration = (stats.lastDuration() != null) ? stats.lastDuration().toNanos() / 1e9 : null;
            return new TaskDescriptor(stats.interval().toNanos() / 1e9, stats.running(), stats.runs(),
                    stats.itemsRemoved(), stats.failures(), stats.skippedRuns(), stats.lastRunAt(), lastDuration,
                    stats.lastError());
        }
    }

    /**
     * Caches shrunk under memory pressure.
     *
     * @param enabled       whether memguard shrinks caches
     * @param caches        every known cache and its maximum now
     * @param resizes       resizes made since start
     * @param recentResizes the latest resizes, oldest first
     */
    public record CachesDescriptor(boolean enabled, List<CacheShrinkReport.CacheSnapshot> caches, long resizes,
            List<CacheShrinkReport.Resize> recentResizes) {
    }
}
