package io.memguard.spring.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.admission.RouteCosts;

/**
 * What the Spring MVC interceptor and the WebFlux filter share: the controller, the learned route costs, the exempt
 * paths (the actuator and its probes, the static resources and {@code memguard.admission.excluded-paths}, the same
 * contributors load shedding spares), the priority of a request and the 503 a refused request gets.
 *
 * @since 0.2.0
 */
public final class RequestAdmission {

    private final AdmissionController controller;

    private final RouteCosts routeCosts;

    private final ExemptRequests exempt;

    private final @Nullable String priorityHeader;

    private final ExcludedPaths lowPaths;

    private final ExcludedPaths highPaths;

    private final String retryAfterSeconds;

    private final byte[] refusal;

    /**
     * Creates the shared part.
     *
     * @param controller               admits and refuses
     * @param routeCosts               the learned cost of each route
     * @param excludedPaths            paths never subject to admission, asked for at each request (memoize it)
     * @param managementServerSeparate whether the actuator has a server of its own, every request to which is exempt
     * @param priorityHeader           the request header carrying a priority, or {@code null}
     * @param lowPaths                 paths of {@link Priority#LOW} priority
     * @param highPaths                paths of {@link Priority#HIGH} priority
     * @param retryAfter               the {@code Retry-After} of a refusal, rounded up to whole seconds
     */
    public RequestAdmission(AdmissionController controller, RouteCosts routeCosts, Supplier<ExcludedPaths> excludedPaths,
            boolean managementServerSeparate, @Nullable String priorityHeader, ExcludedPaths lowPaths,
            ExcludedPaths highPaths, Duration retryAfter) {
        this.controller = controller;
        this.routeCosts = routeCosts;
        this.exempt = new ExemptRequests(excludedPaths, managementServerSeparate);
        this.priorityHeader = priorityHeader;
        this.lowPaths = lowPaths;
        this.highPaths = highPaths;
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(seconds);
        this.refusal = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":"
                + "\"The service is admitting less work while memory is short; retry after " + seconds + " s.\","
                + "\"reason\":\"admission\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a request is exempt from admission.
     *
     * @param <R>     the type of the request
     * @param path    the path within the application
     * @param request the request, handed to {@code server}
     * @param server  the context of the server a request arrived through, asked for only when the actuator has its
     *                own (a method reference that captures nothing, so that the check allocates nothing)
     * @return {@code true} for the exempt paths and the actuator's own server
     */
    public <R> boolean isExempt(PathContainer path, R request,
            Function<? super R, @Nullable ApplicationContext> server) {
        return exempt.isExempt(path, request, server);
    }

    /**
     * The priority of a request: its priority header if it has a valid one, else its handler's annotation, else the
     * path properties, else {@link Priority#NORMAL}.
     *
     * @param <R>       the type of the request, or of its headers
     * @param request   the request, or its headers, handed to {@code header}
     * @param header    reads a header of the request by name (a method reference that captures nothing, so that
     *                  reading the priority allocates nothing)
     * @param annotated the handler's {@link AdmissionPriority}, or {@code null}
     * @param path      the path within the application
     * @return the priority
     */
    public <R> Priority priorityOf(R request, BiFunction<? super R, String, @Nullable String> header,
            @Nullable Priority annotated, PathContainer path) {
        if (priorityHeader != null) {
            Priority requested = parse(header.apply(request, priorityHeader));
            if (requested != null) {
                return requested;
            }
        }
        if (annotated != null) {
            return annotated;
        }
        if (highPaths.matches(path)) {
            return Priority.HIGH;
        }
        if (lowPaths.matches(path)) {
            return Priority.LOW;
        }
        return Priority.NORMAL;
    }

    private static @Nullable Priority parse(@Nullable String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "low" -> Priority.LOW;
            case "normal" -> Priority.NORMAL;
            case "high" -> Priority.HIGH;
            default -> null;
        };
    }

    /**
     * The exempt paths, resolved now if they had not been.
     *
     * @return the exempt paths
     */
    public ExcludedPaths excludedPaths() {
        return exempt.excludedPaths();
    }

    /** @return the controller */
    public AdmissionController controller() {
        return controller;
    }

    /** @return the learned route costs */
    public RouteCosts routeCosts() {
        return routeCosts;
    }

    /** @return the value of the {@code Retry-After} header of a refusal, in whole seconds */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The body of a refusal: an RFC 9457 problem document with {@code "reason":"admission"}. Do not modify.
     *
     * @return the prepared bytes
     */
    public byte[] refusalBody() {
        return refusal;
    }
}
