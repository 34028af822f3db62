package io.memguard.spring.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.memguard.protect.LoadShedder.ShedReason;
import reactor.core.publisher.Mono;

/**
 * WebFlux filter that refuses new requests under memory pressure with 503 and {@code Retry-After} (an HTML page for a
 * browser, a problem document for an API client), except on excluded paths and on the actuator's own server.
 *
 * <p>When calm, one volatile read of the pressure level and one comparison hand the exchange on; nothing is
 * allocated.
 *
 * @since 0.1.0
 */
public class LoadSheddingWebFilter implements WebFilter, Ordered {

    /** Early, so that refused requests cost little, but after the filters that observe requests. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final RequestShedding shedding;

    /**
     * Creates the filter.
     *
     * @param shedding decides, counts and prepares the response
     */
    public LoadSheddingWebFilter(RequestShedding shedding) {
        this.shedding = shedding;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (shedding.isCalm()) {
            return chain.filter(exchange);
        }
        // Judged on subscription, not on assembly: a large request's share is taken only by an exchange that runs,
        // and given back when it ends, so that a Mono assembled and never subscribed keeps nothing.
        return Mono.defer(() -> judge(exchange, chain));
    }

    private Mono<Void> judge(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long contentLength = request.getHeaders().getContentLength();
        RequestShedding.Verdict verdict = shedding.judge(contentLength,
                () -> request.getPath().pathWithinApplication(), exchange::getApplicationContext);
        ShedReason reason = verdict.refusal();
        if (reason == null) {
            return verdict.large()
                    ? chain.filter(exchange).doFinally((signal) -> shedding.largeRequestEnded(contentLength))
                    : chain.filter(exchange);
        }
        SheddingResponse.Body body = shedding.response().body(reason,
                String.join(",", request.getHeaders().getOrEmpty(HttpHeaders.ACCEPT)));
        ServerHttpResponse refusal = exchange.getResponse();
        refusal.setStatusCode(SheddingResponse.STATUS);
        refusal.getHeaders().set(HttpHeaders.RETRY_AFTER, shedding.response().retryAfterSeconds());
        refusal.getHeaders().set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        refusal.getHeaders().setContentType(body.contentType());
        return refusal.writeWith(Mono.fromSupplier(() -> refusal.bufferFactory().wrap(body.bytes())));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
