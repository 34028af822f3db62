package io.memguard.autoconfigure.protect;

import java.util.function.Supplier;

import org.springframework.http.server.PathContainer;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.ShedReason;

/**
 * What the servlet filter and the WebFlux filter share: reading the pressure level, asking the
 * {@link LoadShedder}, sparing the excluded paths, counting the refusal, and the response to send.
 *
 * @since 0.1.0
 */
public final class RequestShedding {

    private final MemoryPressureMonitor monitor;

    private final LoadShedder shedder;

    private final ExcludedPaths excludedPaths;

    private final SheddingResponse response;

    /**
     * Creates the shared part of the filters.
     *
     * @param monitor       the source of the pressure level
     * @param shedder       decides and counts
     * @param excludedPaths paths never refused
     * @param response      what refused requests get
     */
    public RequestShedding(MemoryPressureMonitor monitor, LoadShedder shedder, ExcludedPaths excludedPaths,
            SheddingResponse response) {
        this.monitor = monitor;
        this.shedder = shedder;
        this.excludedPaths = excludedPaths;
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
     * Decides whether to refuse a request, and counts it if so.
     *
     * @param contentLength the body size the request announced, or {@code -1}
     * @param path          the path within the application, only computed when the request would be refused
     * @return why the request is refused, or {@code null} to let it through
     */
    public ShedReason refuse(long contentLength, Supplier<PathContainer> path) {
        MemoryPressureLevel level = monitor.level();
        ShedReason reason = shedder.decide(level, contentLength);
        if (reason == null || excludedPaths.matches(path.get())) {
            return null;
        }
        shedder.recordShed(reason, level);
        return reason;
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
