package io.memguard.spring.actuate;

import java.util.List;

import io.memguard.admission.AdmissionSnapshot;
import io.memguard.admission.RouteCosts;

/**
 * The {@code admission} section of {@code /actuator/memory}: the limit, the work in flight and waiting, the loop's
 * view of memory, the counters and the learned cost of each route.
 *
 * @param limitBytes          the limit on expected bytes in flight
 * @param minLimitBytes       its floor
 * @param maxLimitBytes       its maximum, where it starts
 * @param inFlightBytes       expected bytes of the admitted requests not yet ended
 * @param queued              requests waiting now
 * @param queueCapacity       how many may wait at once
 * @param target              the ratio the loop steers below
 * @param ratio               the last driving ratio (the fuller of heap-after-GC and container), -1 before the first
 * @param projectedRatio      that ratio one horizon ahead, -1 before the first
 * @param cuts                cuts of the limit since start
 * @param requests            the counters of decisions since start
 * @param allocationMeasured  whether this JVM measures what each request allocates
 * @param routes              the routes with a learned cost, costliest first
 * @since 0.2.0
 */
public record AdmissionDescriptor(long limitBytes, long minLimitBytes, long maxLimitBytes, long inFlightBytes,
        int queued, int queueCapacity, double target, double ratio, double projectedRatio, long cuts,
        Requests requests, boolean allocationMeasured, List<Route> routes) {

    /**
     * Describes a controller's state and its route costs.
     *
     * @param state              the controller's state
     * @param costs              the learned route costs
     * @param allocationMeasured whether allocation per request is measured
     * @return the descriptor
     */
    public static AdmissionDescriptor of(AdmissionSnapshot state, RouteCosts costs, boolean allocationMeasured) {
        return new AdmissionDescriptor(state.limit(), state.minLimit(), state.maxLimit(), state.inFlight(),
                state.queued(), state.queueCapacity(), state.target(), state.ratio(), state.projectedRatio(),
                state.cuts(), new Requests(state.admitted(), state.admittedAfterWait(), state.refusedQueueFull(),
                        state.refusedTimeout()),
                allocationMeasured, costs.routes().stream()
                        .map((route) -> new Route(route.name(), route.averageBytes(), route.count())).toList());
    }

    /**
     * Decisions since start.
     *
     * @param admitted         admitted at once
     * @param admittedAfterWait admitted after waiting in the queue
     * @param refusedQueueFull refused because the queue was full (WebFlux: no room at once)
     * @param refusedTimeout   refused after waiting the whole queue timeout
     * @since 0.2.0
     */
    public record Requests(long admitted, long admittedAfterWait, long refusedQueueFull, long refusedTimeout) {
    }

    /**
     * One route's learned cost.
     *
     * @param route        the route template, or {@code other}
     * @param averageBytes the smoothed bytes one request allocates
     * @param requests     requests measured
     * @since 0.2.0
     */
    public record Route(String route, long averageBytes, long requests) {
    }
}
