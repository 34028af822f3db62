package io.memguard.cleanup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

/** A {@link CleanupScheduler.Timer} that ticks only when the test says so. */
final class ManualTimer implements CleanupScheduler.Timer {

    record Schedule(Runnable tick, Duration interval, CompletableFuture<Void> future) {
    }

    private final List<Schedule> schedules = new CopyOnWriteArrayList<>();

    @Override
    public Future<?> scheduleWithFixedDelay(Runnable tick, Duration interval) {
        Schedule schedule = new Schedule(tick, interval, new CompletableFuture<>());
        schedules.add(schedule);
        return schedule.future();
    }

    /** Runs one tick of every schedule not cancelled. */
    void tickAll() {
        for (Schedule schedule : schedules) {
            if (!schedule.future().isCancelled()) {
                schedule.tick().run();
            }
        }
    }

    List<Schedule> schedules() {
        return schedules;
    }
}
