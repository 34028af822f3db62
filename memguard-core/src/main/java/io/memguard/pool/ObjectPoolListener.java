package io.memguard.pool;

/**
 * Told of objects borrowed from an {@link ObjectPool} for longer than its abandoned timeout.
 *
 * <p>Called on the thread that ran the detection. A listener that throws is logged and counted, and the pool and
 * the other listeners carry on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ObjectPoolListener {

    /**
     * Called once per borrow found abandoned.
     *
     * @param abandoned the object's pool, type, how long it has been borrowed and by whom
     */
    void onAbandoned(AbandonedObject abandoned);
}
