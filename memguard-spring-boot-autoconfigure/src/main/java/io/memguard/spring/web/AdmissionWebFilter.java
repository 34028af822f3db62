package io.memguard.spring.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.admission.RouteCosts;
import reactor.core.publisher.Mono;

/**
 * Admits WebFlux requests by their expected memory: the body they announce times
 * {@code memguard.admission.routes.body-factor}, or {@code memguard.admission.routes.default-cost} without a body.
 *
 * <p>What reactive handling allows differs from Spring MVC, and this filter says so rather than guess:
 * <ul>
 * <li>A filter runs before the handler is chosen, so there is no route template yet, and a handler's work hops between
 * threads, so no thread's allocation counter measures it: requests are weighed by their announced body only, and no
 * route cost is learned.</li>
 * <li>Waiting would block an event-loop thread, so a request that finds no room is refused at once ({@code tryEnter});
 * there is no queue.</li>
 * <li>The priority comes from the priority header and the path properties; {@link AdmissionPriority} on a handler is
 * not seen.</li>
 * </ul>
 * The weight is given back when the response completes, fails or is cancelled.
 *
 * @since 0.2.0
 */
public final class AdmissionWebFilter implements WebFilter, Ordered {

    /** After load shedding, which refuses everything at CRITICAL more cheaply. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final RequestAdmission admission;

    /**
     * Creates the filter.
     *
     * @param admission the shared admission parts
     */
    public AdmissionWebFilter(RequestAdmission admission) {
        this.admission = admission;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        PathContainer path = request.getPath().pathWithinApplication();
        if (admission.isExempt(path, exchange, ServerWebExchange::getApplicationContext)) {
            return chain.filter(exchange);
        }
        RouteCosts costs = admission.routeCosts();
        long weight = costs.expectedCost(costs.route(null), request.getHeaders().getContentLength());
        Priority priority = admission.priorityOf(request.getHeaders(), HttpHeaders::getFirst, null, path);
        AdmissionDecision decision = admission.controller().tryEnter(weight, priority);
        if (!decision.isAdmitted()) {
            return refuse(exchange.getResponse());
        }
        return chain.filter(exchange).doFinally((signal) -> admission.controller().exit(weight));
    }

    private Mono<Void> refuse(ServerHttpResponse response) {
        byte[] body = admission.refusalBody();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, admission.retryAfterSeconds());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
