package io.memguard.sample.contenders;

import java.io.IOException;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a request only while the limiter has room, and answers 503 otherwise. A request that completes is a
 * latency sample for the limit; one that fails with an exception is ignored, as concurrency-limits' own servlet
 * filter does.
 *
 * @since 0.1.0
 */
public class GradientLimitFilter extends OncePerRequestFilter {

    private final Limiter<Void> limiter;

    public GradientLimitFilter(Limiter<Void> limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Limiter.Listener> admitted = limiter.acquire(null);
        if (admitted.isEmpty()) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return;
        }
        Limiter.Listener listener = admitted.get();
        try {
            chain.doFilter(request, response);
            listener.onSuccess();
        }
        catch (IOException | ServletException | RuntimeException ex) {
            listener.onIgnore();
            throw ex;
        }
    }
}
