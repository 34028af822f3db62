package io.memguard.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionSnapshot;
import io.memguard.admission.RouteCosts;

/**
 * Binds the admission controller's meters: {@code memguard.admission.limit}, {@code memguard.admission.in.flight}
 * (bytes), {@code memguard.admission.queued}, {@code memguard.admission.requests} by {@code outcome}, and
 * {@code memguard.admission.route.cost} (bytes) by {@code route}: the first {@code memguard.admission.routes.max}
 * route templates, the others as {@code other}.
 *
 * @since 0.2.0
 */
public final class AdmissionMetrics implements MeterBinder {

    private final AdmissionController controller;

    private final RouteCosts routeCosts;

    /**
     * Creates the binder.
     *
     * @param controller the controller to measure
     * @param routeCosts the learned route costs
     */
    public AdmissionMetrics(AdmissionController controller, RouteCosts routeCosts) {
        this.controller = controller;
        this.routeCosts = routeCosts;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("memguard.admission.limit", controller, AdmissionController::limit)
                .description("Limit on the expected memory of the requests in flight").baseUnit(BaseUnits.BYTES)
                .register(registry);
        Gauge.builder("memguard.admission.in.flight", controller, AdmissionController::inFlight)
                .description("Expected memory of the admitted requests in flight").baseUnit(BaseUnits.BYTES)
                .register(registry);
        Gauge.builder("memguard.admission.queued", controller, (c) -> c.snapshot().queued())
                .description("Requests waiting for room").register(registry);
        for (AdmissionDecision decision : AdmissionDecision.values()) {
            FunctionCounter.builder("memguard.admission.requests", controller, (c) -> count(c.snapshot(), decision))
                    .tag("outcome", decision.tag())
                    .description("Admission decisions").register(registry);
        }
        routeCosts.addRouteListener((route) -> Gauge.builder("memguard.admission.route.cost", route,
                RouteCosts.Route::averageBytes)
                .tag("route", route.name())
                .description("Smoothed memory one request of the route allocates").baseUnit(BaseUnits.BYTES)
                .register(registry));
    }

    private static double count(AdmissionSnapshot state, AdmissionDecision decision) {
        return switch (decision) {
            case ADMITTED -> state.admitted();
            case ADMITTED_AFTER_WAIT -> state.admittedAfterWait();
            case REFUSED_QUEUE_FULL -> state.refusedQueueFull();
            case REFUSED_TIMEOUT -> state.refusedTimeout();
        };
    }
}
