package io.memguard.spring.web;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.RequestPath;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import io.memguard.protect.LoadShedder.ShedReason;

/**
 * Servlet filter that refuses new requests under memory pressure with 503 and {@code Retry-After} (an HTML page for a
 * browser, a problem document for an API client), except on excluded paths and on the actuator's own server.
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
     * The request attribute that marks a request as filtered, kept once known: Spring builds it from the filter's name
     * at every request. A race only computes the same string twice.
     */
    private @Nullable String alreadyFilteredAttributeName;

    /**
     * Creates the filter.
     *
     * @param shedding decides, counts and prepares the response
     */
    public LoadSheddingFilter(RequestShedding shedding) {
        this.shedding = shedding;
    }

    @Override
    protected String getAlreadyFilteredAttributeName() {
        String name = alreadyFilteredAttributeName;
        if (name == null) {
            name = super.getAlreadyFilteredAttributeName();
            alreadyFilteredAttributeName = name;
        }
        return name;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return shedding.isCalm();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long contentLength = request.getContentLengthLong();
        RequestShedding.Verdict verdict = shedding.judge(contentLength,
                () -> RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication(),
                () -> WebApplicationContextUtils.findWebApplicationContext(request.getServletContext()));
        ShedReason reason = verdict.refusal();
        if (reason == null) {
            if (!verdict.large()) {
                chain.doFilter(request, response);
                return;
            }
            // The share is given back when this thread leaves the request: an asynchronous request lets the next
            // large ones in while it still runs, as its body has been read by then in the usual case.
            try {
                chain.doFilter(request, response);
            }
            finally {
                shedding.largeRequestEnded(contentLength);
            }
            return;
        }
        SheddingResponse.Body body = shedding.response().body(reason,
                String.join(",", Collections.list(request.getHeaders(HttpHeaders.ACCEPT))));
        response.setStatus(SheddingResponse.STATUS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, shedding.response().retryAfterSeconds());
        response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        response.setContentType(body.contentType().toString());
        response.setContentLength(body.bytes().length);
        response.getOutputStream().write(body.bytes());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
