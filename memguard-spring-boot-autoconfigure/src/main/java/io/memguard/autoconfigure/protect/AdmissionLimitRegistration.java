package io.memguard.autoconfigure.protect;

import java.util.function.DoubleConsumer;

import io.memguard.admission.AdmissionController;
import io.memguard.protect.AdaptiveConcurrencyLimiter;

/**
 * Keeps an {@link AdaptiveConcurrencyLimiter} following the admission controller's limit for as long as this bean
 * lives: the limiter takes the controller's openness at once, then every change of it.
 *
 * @since 0.2.0
 */
final class AdmissionLimitRegistration implements AutoCloseable {

    private final AdmissionController controller;

    private final DoubleConsumer follow;

    /**
     * Registers {@code limiter} with {@code controller}.
     *
     * @param controller the admission controller
     * @param limiter    the limiter that follows it
     */
    AdmissionLimitRegistration(AdmissionController controller, AdaptiveConcurrencyLimiter limiter) {
        this.controller = controller;
        this.follow = limiter::follow;
        controller.addLimitListener(follow);
        limiter.follow(controller.openness());
    }

    @Override
    public void close() {
        controller.removeLimitListener(follow);
    }
}
