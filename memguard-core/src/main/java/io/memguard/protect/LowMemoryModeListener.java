package io.memguard.protect;

import java.util.Objects;

/**
 * Told when low-memory mode is entered or left: the seam through which pools stop retaining, ring buffers
 * and caches shrink and quotas evict to their soft threshold.
 *
 * <p>Listeners are called one at a time, in the order of the changes, on the thread that caused the change
 * (a pressure notification thread, the thread that forced or released the mode, or the JDK's
 * shared delayed executor when a deferred exit takes effect). They must be quick and
 * must not block. A listener that throws is logged and counted; the mode and the other listeners carry on.
 *
 * <p>Most components only need two actions; {@link #of(Runnable, Runnable)} adapts them:
 * <pre>{@code
 * mode.addListener(LowMemoryModeListener.of(pool::stopRetaining, pool::resumeRetaining));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LowMemoryModeListener {

    /**
     * Called after the mode changed.
     *
     * @param change whether the mode is now on, why, at which level and when
     */
    void onLowMemoryModeChange(LowMemoryModeChange change);

    /**
     * A listener that runs one action when the mode is entered and another when it is left.
     *
     * @param onEnter run when the mode turns on
     * @param onLeave run when the mode turns off
     * @return the listener
     */
    static LowMemoryModeListener of(Runnable onEnter, Runnable onLeave) {
        Objects.requireNonNull(onEnter, "onEnter");
        Objects.requireNonNull(onLeave, "onLeave");
        return change -> {
            if (change.entered()) {
                onEnter.run();
            }
            else {
                onLeave.run();
            }
        };
    }
}
