package io.memguard.autoconfigure.protect;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemoryPressureMonitor;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.ShedReason;
import reactor.core.publisher.Mono;

/**
 * WebFlux filter that refuses new requests under memory pressure with 503 and {@code Retry-After}, as the
 * {@link LoadShedder} decides, except on excluded paths.
 *
 * <p>When calm, one volatile read of the pressure level and one comparison hand the exchange on; nothing is
 * allocated.
 *
 * @since 0.1.0
 */
public class LoadSheddingWebFilter implements WebFilter, Ordered {

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
    public LoadSheddingWebFilter(MemoryPressureMonitor monitor, LoadShedder shedder, ExcludedPaths excludedPaths,
            SheddingResponse response) {
        this.monitor = monitor;
        this.shedder = shedder;
        this.excludedPaths = excludedPaths;
        this.response = response;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        MemoryPressureLevel level = monitor.level();
        if (shedder.admitsEverything(level)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        ShedReason reason = shedder.decide(level, request.getHeaders().getContentLength());
        if (reason == null || excludedPaths.matches(request.getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        shedder.recordShed(reason, level);
        ServerHttpResponse refusal = exchange.getResponse();
        refusal.setStatusCode(SheddingResponse.STATUS);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, response.retryAfterSeconds());
        refusal.getHeaders().setContentType(SheddingResponse.CONTENT_TYPE);
        return refusal.writeWith(Mono.fromSupplier(() -> refusal.bufferFactory().wrap(response.body(reason))));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
