package io.memguard.pressure;

/**
 * Tells the monitor that a garbage collection ended, behind a seam so that tests can fire one.
 */
interface GcNotifications {

    /**
     * Starts calling {@code onCollection} after every collection.
     *
     * @param onCollection called on the notifying thread; must be quick
     * @return closing it stops the calls and removes every listener registered
     */
    AutoCloseable subscribe(Runnable onCollection);
}
