package io.memguard.cleanup;

/**
 * One pass of cleaning something that would otherwise only grow: expired map entries, stale sessions,
 * temporary files. Run by a {@link CleanupScheduler} at its interval, and once more when memory pressure
 * rises.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CleanupTask {

    /**
     * Cleans once.
     *
     * @return how many items were removed
     * @throws Exception if the pass failed; the scheduler logs and counts it, and runs the task again at its
     * next interval
     */
    long clean() throws Exception;
}
