package io.memguard.spring.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

import io.memguard.protect.LoadShedder.ShedReason;

/**
 * What a refused request gets: 503 Service Unavailable, a {@code Retry-After} header in whole seconds, and a body
 * that says why, in the form the client asked for: a short HTML page for a browser (an {@code Accept} header that
 * prefers {@code text/html}), an RFC 9457 problem document for everyone else. Prepared once, so refusing costs no
 * formatting.
 *
 * @since 0.1.0
 */
public final class SheddingResponse {

    /** The status of every refused request. */
    public static final HttpStatus STATUS = HttpStatus.SERVICE_UNAVAILABLE;

    /** The content type of the body for API clients. */
    public static final MediaType CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    /** The content type of the page for browsers. */
    public static final MediaType HTML_CONTENT_TYPE = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private static final List<MediaType> JSON_TYPES = List.of(MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_PROBLEM_JSON, new MediaType("application", "*+json"));

    private final String retryAfterSeconds;

    /** The problem document per reason, indexed by ordinal; every reason has one. */
    private final Body[] problems = new Body[ShedReason.values().length];

    /** The HTML page per reason, indexed by ordinal; every reason has one. */
    private final Body[] pages = new Body[ShedReason.values().length];

    /**
     * Prepares the responses.
     *
     * @param retryAfter            the delay for the {@code Retry-After} header, rounded up to whole seconds
     * @param largeRequestThreshold the largest body accepted at the large-request level, for the message
     */
    public SheddingResponse(Duration retryAfter, DataSize largeRequestThreshold) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(seconds);
        prepare(ShedReason.PRESSURE, "The service is short of memory and refuses new requests for now; retry after "
                + seconds + " s.");
        prepare(ShedReason.LARGE_REQUEST, "The service is short of memory and refuses request bodies over "
                + largeRequestThreshold.toBytes() + " bytes for now; retry after " + seconds + " s.");
    }

    private void prepare(ShedReason reason, String detail) {
        problems[reason.ordinal()] = new Body(CONTENT_TYPE, utf8("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                + "\"status\":503,\"detail\":\"" + detail + "\",\"reason\":\"" + reason.tag() + "\"}"));
        pages[reason.ordinal()] = new Body(HTML_CONTENT_TYPE, utf8("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>503 Service Unavailable</title></head>\n"
                + "<body><h1>Service Unavailable</h1>\n<p>" + detail + "</p></body></html>\n"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
     * The body for a reason, in the form the client prefers.
     *
     * @param reason why the request was refused
     * @param accept the request's {@code Accept} header values joined by commas, or {@code null} if it sent none
     * @return an HTML page when the client prefers {@code text/html} over JSON, a problem document otherwise
     */
    public Body body(ShedReason reason, @Nullable String accept) {
        return prefersHtml(accept) ? pages[reason.ordinal()] : problems[reason.ordinal()];
    }

    /**
     * Whether an {@code Accept} header asks for HTML rather than JSON: it names {@code text/html} with a higher
     * quality than any JSON type it names. Wildcards do not count, so {@code *}{@code /*} and a missing or
     * malformed header get JSON, as API clients expect.
     */
    static boolean prefersHtml(@Nullable String accept) {
        if (accept == null || accept.isEmpty()) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
        double html = 0;
        double json = 0;
        for (MediaType type : accepted) {
            if (type.isWildcardType()) {
                continue;
            }
            if (MediaType.TEXT_HTML.equalsTypeAndSubtype(type)) {
                html = Math.max(html, type.getQualityValue());
            }
            else if (JSON_TYPES.stream().anyMatch((jsonType) -> jsonType.includes(type))) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        return html > json;
    }

    /**
     * A prepared body and its content type.
     *
     * @param contentType the value of the {@code Content-Type} header
     * @param bytes       the body; do not modify
     * @since 0.1.0
     */
    public record Body(MediaType contentType, byte[] bytes) {
    }
}
