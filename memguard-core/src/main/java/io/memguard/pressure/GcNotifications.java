package io.memguard.pressure;

import java.util.function.Consumer;

/**
 * Tells the monitor that a garbage collection ended, behind a seam so that tests can fire one.
 */
interface GcNotifications {

    /**
     * Starts calling {@code onCollection} after every collection.
     *
     * @param onCollection called on the notifying thread with the collection; must be quick
     * @return closing it stops the calls and removes every listener registered
     */
    AutoCloseable subscribe(Consumer<GarbageCollection> onCollection);
}
