package io.memguard.admission;

/**
 * Told when the admission limit changes, so that other limits (an executor's concurrency) follow the same loop.
 *
 * <p>Called on the thread that fed the controller (the pressure monitor's refresh thread): quick and non-blocking. A
 * listener that throws is logged and counted; the controller and the other listeners carry on.
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface AdmissionLimitListener {

    /**
     * Called after the limit changed.
     *
     * @param limit    the new limit, in bytes of expected work
     * @param openness where the limit stands between the floor (0) and the maximum (1)
     */
    void onLimitChange(long limit, double openness);
}
