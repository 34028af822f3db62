package io.memguard.spring.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.admission.RouteCosts;

/**
 * Admits Spring MVC requests by their expected memory, once the handler and its route template are known.
 *
 * <p>{@code preHandle} weighs the request by its route's learned cost (or its announced body), takes its priority and
 * asks the controller, which may make it wait up to the queue timeout; a refused request gets 503 with
 * {@code Retry-After} and a problem document, and its handler never runs. {@code afterCompletion} gives the weight
 * back and records what the request allocated on its thread (where the JVM measures allocation per thread).
 *
 * <p>An asynchronous request ({@code Callable}, {@code DeferredResult}, reactive return values) keeps its weight until
 * it completes; only what it allocated on the request thread before going asynchronous is measured, since the rest
 * runs on threads the interceptor does not see. Its route's cost is then an underestimate, bounded below by the body
 * estimate.
 *
 * @since 0.2.0
 */
public final class AdmissionInterceptor implements AsyncHandlerInterceptor {

    private static final String TICKET = AdmissionInterceptor.class.getName() + ".ticket";

    private final RequestAdmission admission;

    private final Map<HandlerMethod, Optional<Priority>> annotated = new ConcurrentHashMap<>();

    /**
     * Creates the interceptor.
     *
     * @param admission the shared admission parts
     */
    public AdmissionInterceptor(RequestAdmission admission) {
        this.admission = admission;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (request.getDispatcherType() != DispatcherType.REQUEST || request.getAttribute(TICKET) != null) {
            return true;
        }
        PathContainer path = pathWithinApplication(request);
        if (admission.isExempt(path, () -> WebApplicationContextUtils.findWebApplicationContext(
                request.getServletContext()))) {
            return true;
        }
        RouteCosts costs = admission.routeCosts();
        RouteCosts.Route route = costs.route((String) request.getAttribute(
                HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        long weight = costs.expectedCost(route, request.getContentLengthLong());
        Priority priority = admission.priorityOf(request::getHeader, annotatedPriority(handler), path);
        AdmissionDecision decision;
        try {
            decision = admission.controller().enter(weight, priority);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            decision = AdmissionDecision.REFUSED_TIMEOUT;
        }
        if (!decision.isAdmitted()) {
            refuse(response);
            return false;
        }
        request.setAttribute(TICKET, new Ticket(route, weight, RouteCosts.threadAllocatedBytes()));
        return true;
    }

    /**
     * The request's path without the context path. The dispatcher has parsed the request path already when its
     * mappings use path patterns (the default): that parse is reused, so that a request is not parsed twice, when its
     * path within the application is all of the path after the context path. A dispatcher mapped below a servlet path
     * ({@code /app/*}) leaves that servlet path out of it; then the request is parsed here as before.
     */
    private static PathContainer pathWithinApplication(HttpServletRequest request) {
        String contextPath = request.getContextPath();
        if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
            RequestPath parsed = ServletRequestPathUtils.getParsedRequestPath(request);
            PathContainer within = parsed.pathWithinApplication();
            if (parsed.contextPath().value().equals(contextPath)
                    && contextPath.length() + within.value().length() == parsed.value().length()) {
                return within;
            }
        }
        return RequestPath.parse(request.getRequestURI(), contextPath).pathWithinApplication();
    }

    private @Nullable Priority annotatedPriority(Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return null;
        }
        // Looked up once per handler method: the cache holds an Optional because a map holds no null.
        return annotated.computeIfAbsent(method, (key) -> {
            AdmissionPriority found = AnnotatedElementUtils.findMergedAnnotation(key.getMethod(),
                    AdmissionPriority.class);
            if (found == null) {
                found = AnnotatedElementUtils.findMergedAnnotation(key.getBeanType(), AdmissionPriority.class);
            }
            return Optional.ofNullable((found != null) ? found.value() : null);
        }).orElse(null);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        byte[] body = admission.refusalBody();
        response.setStatus(503);
        response.setHeader(HttpHeaders.RETRY_AFTER, admission.retryAfterSeconds());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
            Object handler) {
        if (request.getAttribute(TICKET) instanceof Ticket ticket) {
            ticket.leaveThread();
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception ex) {
        if (request.getAttribute(TICKET) instanceof Ticket ticket && ticket.complete()) {
            admission.controller().exit(ticket.weight);
            admission.routeCosts().record(ticket.route, ticket.allocated());
        }
    }

    /** One admitted request: its route, its weight and what it allocated on the threads the interceptor saw. */
    private static final class Ticket {

        private final RouteCosts.Route route;

        private final long weight;

        private long startedAt;

        private long allocated;

        private boolean completed;

        Ticket(RouteCosts.Route route, long weight, long startedAt) {
            this.route = route;
            this.weight = weight;
            this.startedAt = startedAt;
        }

        /** The request goes asynchronous: what this thread allocated so far is kept, the rest is not seen. */
        synchronized void leaveThread() {
            if (startedAt >= 0) {
                allocated += Math.max(0, RouteCosts.threadAllocatedBytes() - startedAt);
                startedAt = -1;
            }
        }

        /** @return {@code true} the first time only, so that the weight is given back once */
        synchronized boolean complete() {
            if (completed) {
                return false;
            }
            completed = true;
            if (startedAt >= 0) {
                allocated += Math.max(0, RouteCosts.threadAllocatedBytes() - startedAt);
                startedAt = -1;
            }
            return true;
        }

        /** @return bytes allocated, or -1 where the JVM does not measure allocation per thread */
        long allocated() {
            return RouteCosts.allocationMeasured() ? allocated : -1;
        }
    }
}
