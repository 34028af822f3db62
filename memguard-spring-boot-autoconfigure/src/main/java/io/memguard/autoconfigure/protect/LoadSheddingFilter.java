package io.memguard.autoconfigure.protect;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.ShedReason;

/**
 * Servlet filter that refuses new requests under memory pressure with 503 and {@code Retry-After}, as the
 * {@link LoadShedder} decides, except on excluded paths.
 *
 * <p>When calm, {@link #shouldNotFilter} settles the request with one volatile read of the pressure level and
 * one comparison; nothing is allocated.
 *
 * @since 0.1.0
 */
public class LoadSheddingFilter extends OncePerRequestFilter implements Ordered {

    /** Early, so that refused requests cost little, but after the filters that observe requests. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final MemoryPressureMonitor monitor;

    private final LoadShedder shedder;

    private final ExcludedPaths excludedPaths;

    private final SheddingResponse response;

    /**
     * Creates the filter.
     *
     * @param monitor       the source of the pressure level
     * @param shedder       decides and counts
     * @param excludedPaths paths never refused
     * @param response      what refused requests get
     */
    public LoadSheddingFilter(MemoryPressureMonitor monitor, LoadShedder shedder, ExcludedPaths excludedPaths,
            SheddingResponse response) {
        this.monitor = monitor;
        this.shedder = shedder;
        this.excludedPaths = excludedPaths;
        this.response = response;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return shedder.admitsEverything(monitor.level());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MemoryPressureLevel level = monitor.level();
        ShedReason reason = shedder.decide(level, request.getContentLengthLong());
        if (reason == null || excludedPaths.matches(
                RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication())) {
            chain.doFilter(request, response);
            return;
        }
        shedder.recordShed(reason, level);
        byte[] body = this.response.body(reason);
        response.setStatus(SheddingResponse.STATUS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, this.response.retryAfterSeconds());
        response.setContentType(SheddingResponse.CONTENT_TYPE.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
