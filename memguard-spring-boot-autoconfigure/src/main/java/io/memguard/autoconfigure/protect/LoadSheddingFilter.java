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

import io.memguard.protect.ShedReason;

/**
 * Servlet filter that refuses new requests under memory pressure with 503 and {@code Retry-After}, except on
 * excluded paths.
 *
 * <p>When calm, {@link #shouldNotFilter} settles the request with one volatile read of the pressure level and
 * one comparison; nothing is allocated.
 *
 * @since 0.1.0
 */
public class LoadSheddingFilter extends OncePerRequestFilter implements Ordered {

    /** Early, so that refused requests cost little, but after the filters that observe requests. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final RequestShedding shedding;

    /**
     * Creates the filter.
     *
     * @param shedding decides, counts and prepares the response
     */
    public LoadSheddingFilter(RequestShedding shedding) {
        this.shedding = shedding;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return shedding.isCalm();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ShedReason reason = shedding.refuse(request.getContentLengthLong(),
                () -> RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
        if (reason == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = shedding.response().body(reason);
        response.setStatus(SheddingResponse.STATUS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, shedding.response().retryAfterSeconds());
        response.setContentType(SheddingResponse.CONTENT_TYPE.toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
