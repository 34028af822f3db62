package io.memguard.diagnostics;

/**
 * Told of every {@link MemoryAlert}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MemoryAlertListener {

    /**
     * Called when an alert is raised. Must be quick and must not block.
     *
     * @param alert the alert
     */
    void onAlert(MemoryAlert alert);
}
