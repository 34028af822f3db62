package io.memguard.autoconfigure.cleanup;

import java.time.Duration;
import java.util.concurrent.Future;

import io.memguard.cleanup.CleanupScheduler;
import org.springframework.scheduling.TaskScheduler;

/**
 * Ticks the cleanup scheduler on the application's {@link TaskScheduler}. A tick only hands a run to the
 * cleanup executor, so a slow task never holds a thread of the application's scheduler.
 */
final class TaskSchedulerCleanupTimer implements CleanupScheduler.Timer {

    private final TaskScheduler taskScheduler;

    TaskSchedulerCleanupTimer(TaskScheduler taskScheduler) {
        this.taskScheduler = taskScheduler;
    }

    @Override
    public Future<?> scheduleWithFixedDelay(Runnable tick, Duration interval) {
        return taskScheduler.scheduleWithFixedDelay(tick, taskScheduler.getClock().instant().plus(interval), interval);
    }
}
