package io.memguard.cleanup;

/**
 * A task registered with a {@link CleanupScheduler}.
 *
 * @since 0.1.0
 */
public interface CleanupRegistration {

    /**
     * The task's name, unique in its scheduler.
     *
     * @return the name
     */
    String name();

    /**
     * What the task has done so far.
     *
     * @return a snapshot of its counters
     */
    CleanupTaskSnapshot snapshot();

    /**
     * Starts a run now on the scheduler's executor, unless one is under way.
     *
     * @return {@code true} if a run was started, {@code false} if one was under way or the task is cancelled
     */
    boolean runNow();

    /** Stops the task's runs and removes it from its scheduler; a run under way finishes. */
    void cancel();
}
