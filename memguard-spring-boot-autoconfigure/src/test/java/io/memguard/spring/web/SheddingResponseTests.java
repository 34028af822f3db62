package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

import io.memguard.protect.LoadShedder.ShedReason;

class SheddingResponseTests {

    private static final String FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final SheddingResponse response = new SheddingResponse(Duration.ofMillis(1500), DataSize.ofKilobytes(64));

    @Test
    void givesBrowsersAShortHtmlPage() {
        SheddingResponse.Body page = response.body(ShedReason.PRESSURE, FIREFOX);

        assertThat(page.contentType()).isEqualTo(MediaType.parseMediaType("text/html;charset=UTF-8"));
        assertThat(new String(page.bytes(), StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>")
                .contains("<title>503 Service Unavailable</title>")
                .contains("refuses new requests for now; retry after 2 s.");
        assertThat(new String(response.body(ShedReason.LARGE_REQUEST, FIREFOX).bytes(), StandardCharsets.UTF_8))
                .contains("refuses request bodies over 65536 bytes");
    }

    @Test
    void givesApiClientsAProblemDocument() {
        for (String accept : new String[] { null, "", "*/*", "application/json", "application/problem+json",
                "application/hal+json, text/html;q=0.5", "text/html, application/json", "text/*", "not a type" }) {
            SheddingResponse.Body problem = response.body(ShedReason.PRESSURE, accept);
            assertThat(problem.contentType()).as(accept).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(new String(problem.bytes(), StandardCharsets.UTF_8)).as(accept)
                    .startsWith("{\"type\":\"about:blank\"").contains("\"status\":503", "\"reason\":\"pressure\"");
        }
    }

    @Test
    void prefersHtmlOnlyWhenHtmlOutranksJson() {
        assertThat(SheddingResponse.prefersHtml(FIREFOX)).isTrue();
        assertThat(SheddingResponse.prefersHtml("application/json;q=0.5, text/html")).isTrue();
        assertThat(SheddingResponse.prefersHtml("text/html;q=0.5, application/json")).isFalse();
        assertThat(SheddingResponse.prefersHtml("text/html;q=0")).isFalse();
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        assertThat(response.retryAfterSeconds()).isEqualTo("2");
        assertThat(new SheddingResponse(Duration.ofMillis(1), DataSize.ofBytes(1)).retryAfterSeconds()).isEqualTo("1");
    }
}
