package io.memguard.spring.web;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
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
import io.memguard.internal.VirtualThreads;

/**
 * Admits Spring MVC requests by their expected memory, once the handler and its route template are known.
 *
 * <p>{@code preHandle} weighs the request by its route's learned cost (or its announced body), takes its priority and
 * asks the controller, which may make it wait up to the queue timeout; a refused request gets 503 with
 * {@code Retry-After} and a problem document, and its handler never runs. {@code afterCompletion} gives the weight
 * back and records what the request allocated on its thread (where the JVM measures allocation per thread).
 *
 * <p>An admitted request allocates nothing here: what {@code afterCompletion} needs (the route, the weight, the
 * allocation counter at the start) waits in a ticket of the thread's own, reused from request to request, as a
 * platform thread handles one request at a time. Handing a new ticket through a request attribute instead would cost
 * every request the ticket, the attribute map's entry and, on Tomcat, a copy of the attribute listeners it notifies;
 * a request on a virtual thread, which serves it alone, does carry its own ticket that way.
 *
 * <p>An asynchronous request ({@code Callable}, {@code DeferredResult}, reactive return values) keeps its weight until
 * it completes: when it goes asynchronous its ticket moves to a request attribute, as other threads complete it. Only
 * what it allocated on the request thread before going asynchronous is measured, since the rest runs on threads the
 * interceptor does not see. Its route's cost is then an underestimate, bounded below by the body estimate.
 *
 * @since 0.2.0
 */
public final class AdmissionInterceptor implements AsyncHandlerInterceptor {

    private static final String TICKET = AdmissionInterceptor.class.getName() + ".ticket";

    private final RequestAdmission admission;

    private final Map<HandlerMethod, Optional<Priority>> annotated = new ConcurrentHashMap<>();

    /** The request each thread is handling synchronously, if admitted; reused from request to request. */
    private final ThreadLocal<ThreadTicket> threadTickets = ThreadLocal.withInitial(ThreadTicket::new);

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
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        ThreadTicket threadTicket = threadTicket();
        if (threadTicket != null && threadTicket.request == request) {
            return true; // admitted already: the interceptor is reached twice for one request
        }
        ThreadTicket free = (threadTicket != null && threadTicket.request == null) ? threadTicket : null;
        if (free == null && request.getAttribute(TICKET) != null) {
            return true; // admitted already, carrying its own ticket
        }
        PathContainer path = pathWithinApplication(request);
        if (admission.isExempt(path, request, AdmissionInterceptor::serverOf)) {
            return true;
        }
        RouteCosts costs = admission.routeCosts();
        RouteCosts.Route route = costs.route((String) request.getAttribute(
                HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        long weight = costs.expectedCost(route, request.getContentLengthLong());
        Priority priority = admission.priorityOf(request, HttpServletRequest::getHeader, annotatedPriority(handler),
                path);
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
        long startedAt = RouteCosts.threadAllocatedBytes();
        if (free != null) {
            free.hold(request, route, weight, startedAt);
        }
        else {
            // A virtual thread, or a thread whose ticket is held by a request this one is handled inside of.
            request.setAttribute(TICKET, new Ticket(route, weight, startedAt));
        }
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

    private static @Nullable ApplicationContext serverOf(HttpServletRequest request) {
        return WebApplicationContextUtils.findWebApplicationContext(request.getServletContext());
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
        ThreadTicket held = heldBy(request);
        RouteCosts.Route route = (held != null) ? held.route : null;
        if (held != null && route != null) {
            // Other threads complete the request: its ticket goes with it, and this thread's is free again.
            Ticket carried = new Ticket(route, held.weight, held.startedAt);
            carried.leaveThread();
            held.release();
            request.setAttribute(TICKET, carried);
        }
        else if (request.getAttribute(TICKET) instanceof Ticket carried) {
            carried.leaveThread();
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception ex) {
        ThreadTicket held = heldBy(request);
        RouteCosts.Route route = (held != null) ? held.route : null;
        if (held != null && route != null && request.getDispatcherType() == DispatcherType.REQUEST) {
            long weight = held.weight;
            long allocated = Math.max(0, RouteCosts.threadAllocatedBytes() - held.startedAt);
            held.release();
            completed(route, weight, allocated);
        }
        else if (request.getAttribute(TICKET) instanceof Ticket carried && carried.complete()) {
            completed(carried.route, carried.weight, carried.allocated);
        }
    }

    /**
     * This thread's ticket, or {@code null} on a virtual thread: one of those serves a single request, so a ticket
     * kept for its next one would only give each a thread-local map, and the request carries its own ticket instead.
     */
    private @Nullable ThreadTicket threadTicket() {
        return VirtualThreads.isVirtual(Thread.currentThread()) ? null : threadTickets.get();
    }

    /** This thread's ticket if {@code request} holds it, else {@code null}. */
    private @Nullable ThreadTicket heldBy(HttpServletRequest request) {
        ThreadTicket ticket = threadTicket();
        return (ticket != null && ticket.request == request) ? ticket : null;
    }

    private void completed(RouteCosts.Route route, long weight, long allocated) {
        admission.controller().exit(weight);
        admission.routeCosts().record(route, RouteCosts.allocationMeasured() ? allocated : -1);
    }

    /**
     * The admitted request a thread is handling synchronously. Only that thread touches it, and it is reused from
     * request to request, so that admitting a request allocates nothing. Spring calls {@code afterCompletion} for
     * every request whose {@code preHandle} returned {@code true}, which frees it; were one never completed, the
     * thread's later requests would carry tickets of their own, as a request handled inside another does.
     */
    private static final class ThreadTicket {

        /** The request holding the ticket; {@code null} while it is free. */
        private @Nullable HttpServletRequest request;

        private RouteCosts.@Nullable Route route;

        private long weight;

        /** The thread's allocation counter when it took the request. */
        private long startedAt;

        void hold(HttpServletRequest request, RouteCosts.Route route, long weight, long startedAt) {
            this.request = request;
            this.route = route;
            this.weight = weight;
            this.startedAt = startedAt;
        }

        /** Frees the ticket for the thread's next request, and lets go of the request. */
        void release() {
            request = null;
            route = null;
        }
    }

    /**
     * An admitted request carried by its request attribute: one that went asynchronous, or one handled inside another
     * on the same thread. The thread that completes it may be another than the one that left it, so its state changes
     * under its lock.
     */
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

        /** The request leaves the thread that took it: what that thread allocated so far is kept, the rest not seen. */
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
            leaveThread();
            return true;
        }
    }
}
