package io.memguard.spring.web;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;

/**
 * What the servlet filter and the WebFlux filter share: reading the pressure level, asking the
 * {@link LoadShedder}, sparing the excluded paths and the actuator's own server, counting the refusal, and the
 * response to send.
 *
 * @since 0.1.0
 */
public final class RequestShedding {

    private final MemoryPressureMonitor monitor;

    private final LoadShedder shedder;

    private final ExemptRequests exempt;

    private final SheddingResponse response;

    /**
     * Creates the shared part of the filters for an application whose actuator, if any, shares its server.
     *
     * @param monitor       the source of the pressure level
     * @param shedder       decides and counts
     * @param excludedPaths paths never refused
     * @param response      what refused requests get
     */
    public RequestShedding(MemoryPressureMonitor monitor, LoadShedder shedder, ExcludedPaths excludedPaths,
            SheddingResponse response) {
        this(monitor, shedder, () -> excludedPaths, false, response);
    }

    /**
     * Creates the shared part of the filters.
     *
     * @param monitor                  the source of the pressure level
     * @param shedder                  decides and counts
     * @param excludedPaths            paths never refused on the application's server, asked for at every
     *                                 decision to refuse (memoize it; it may be resolved on first use)
     * @param managementServerSeparate whether the actuator has a server of its own ({@code management.server.port}),
     *                                 every request to which is spared
     * @param response                 what refused requests get
     */
    public RequestShedding(MemoryPressureMonitor monitor, LoadShedder shedder, Supplier<ExcludedPaths> excludedPaths,
            boolean managementServerSeparate, SheddingResponse response) {
        this.monitor = monitor;
        this.shedder = shedder;
        this.exempt = new ExemptRequests(excludedPaths, managementServerSeparate);
        this.response = response;
    }

    /**
     * Whether no request can be refused now: one volatile read and one comparison, no allocation.
     *
     * @return {@code true} below both shedding levels
     */
    public boolean isCalm() {
        return shedder.admitsEverything(monitor.level());
    }

    /**
     * Decides whether to refuse a request, and counts it if so. A large request let through at the large-request
     * level holds its share of the memory large requests share until {@link #largeRequestEnded(long)}.
     *
     * @param contentLength the body size the request announced, or {@code -1}
     * @param path          the path within the application, only computed when the request would be refused
     * @param server        the context of the server the request arrived through ({@code null} if unknown), only
     *                      computed when the request would be refused and the actuator has a server of its own
     * @return the verdict
     */
    public Verdict judge(long contentLength, Supplier<PathContainer> path,
            Supplier<@Nullable ApplicationContext> server) {
        MemoryPressureLevel level = monitor.level();
        ShedReason reason = shedder.decide(level, contentLength);
        if (reason == null || exempt.isExempt(path.get(), server, Supplier::get)) {
            return Verdict.PASS;
        }
        if (reason == ShedReason.LARGE_REQUEST && shedder.tryStartLargeRequest(contentLength, monitor.snapshot())) {
            return Verdict.PASS_LARGE;
        }
        shedder.recordShed(reason, level);
        return Verdict.refusal(reason);
    }

    /**
     * Ends a request that {@link #judge} let through with {@link Verdict#large()}: its share goes back to the next
     * large requests.
     *
     * @param contentLength the body size the request announced, as passed to {@link #judge}
     */
    public void largeRequestEnded(long contentLength) {
        shedder.largeRequestEnded(contentLength);
    }

    /**
     * What happens to one request: through, through as a large request holding a share of the memory left, or
     * refused.
     *
     * @param refusal why it is refused, or {@code null} if it goes through
     * @param large   whether it runs as a large request; the filter calls {@link #largeRequestEnded(long)} when it
     *                ends
     * @since 0.2.0
     */
    public record Verdict(@Nullable ShedReason refusal, boolean large) {

        static final Verdict PASS = new Verdict(null, false);

        static final Verdict PASS_LARGE = new Verdict(null, true);

        /** One verdict per reason, so that a refusal allocates nothing. */
        private static final Verdict[] REFUSALS = refusals();

        private static Verdict[] refusals() {
            Verdict[] refusals = new Verdict[ShedReason.values().length];
            for (ShedReason reason : ShedReason.values()) {
                refusals[reason.ordinal()] = new Verdict(reason, false);
            }
            return refusals;
        }

        static Verdict refusal(ShedReason reason) {
            return REFUSALS[reason.ordinal()];
        }
    }

    /**
     * The paths never refused on the application's server.
     *
     * @return the excluded paths, resolved now if they had not been
     */
    public ExcludedPaths excludedPaths() {
        return exempt.excludedPaths();
    }

    /**
     * What refused requests get.
     *
     * @return the prepared response
     */
    public SheddingResponse response() {
        return response;
    }
}
