package io.memguard.autoconfigure.protect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

import io.memguard.protect.ShedReason;

/**
 * What a refused request gets: 503 Service Unavailable, a {@code Retry-After} header in whole seconds, and an
 * RFC 9457 problem body that says why. Prepared once, so refusing costs no formatting.
 *
 * @since 0.1.0
 */
public final class SheddingResponse {

    /** The status of every refused request. */
    public static final HttpStatus STATUS = HttpStatus.SERVICE_UNAVAILABLE;

    /** The content type of the body. */
    public static final MediaType CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    private final String retryAfterSeconds;

    private final Map<ShedReason, byte[]> bodies = new EnumMap<>(ShedReason.class);

    /**
     * Prepares the responses.
     *
     * @param retryAfter            the delay for the {@code Retry-After} header, rounded up to whole seconds
     * @param largeRequestThreshold the largest body accepted at the large-request level, for the message
     */
    public SheddingResponse(Duration retryAfter, DataSize largeRequestThreshold) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(seconds);
        bodies.put(ShedReason.PRESSURE, body(ShedReason.PRESSURE,
                "The service is short of memory and refuses new requests for now; retry after " + seconds + " s."));
        bodies.put(ShedReason.LARGE_REQUEST, body(ShedReason.LARGE_REQUEST,
                "The service is short of memory and refuses request bodies over " + largeRequestThreshold.toBytes()
                        + " bytes for now; retry after " + seconds + " s."));
    }

    private static byte[] body(ShedReason reason, String detail) {
        return ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + detail
                + "\",\"reason\":\"" + reason.tag() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The value of the {@code Retry-After} header.
     *
     * @return whole seconds, at least 1
     */
    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The body for a reason.
     *
     * @param reason why the request was refused
     * @return the problem document, UTF-8; do not modify
     */
    public byte[] body(ShedReason reason) {
        return bodies.get(reason);
    }
}
