package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.RouteCosts;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The WebFlux filter on a controller of a known size (1,000 expected bytes): requests weigh 4 times the body they
 * announce, or 100 bytes without one.
 */
class AdmissionWebFilterTests {

    private final AdmissionController controller = AdmissionController.builder().maxLimit(1000).minLimit(10).build();

    private final HoldingController holding = new HoldingController();

    private final WebTestClient client = WebTestClient.bindToController(holding)
            .webFilter(new AdmissionWebFilter(new RequestAdmission(controller,
                    RouteCosts.builder().maxRoutes(10).smoothing(0.5).defaultCost(100).build(),
                    () -> ExcludedPaths.of(List.of("/actuator/**")), false, "X-Priority",
                    ExcludedPaths.of(List.of("/api/bulk/**")), ExcludedPaths.of(List.of()), Duration.ofSeconds(3))))
            .configureClient().responseTimeout(Duration.ofSeconds(30))
            .build();

    @Test
    void admitsAndGivesTheWeightBackWhenTheResponseCompletes() {
        client.post().uri("/api/upload").contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[100])
                .exchange().expectStatus().isOk();
        assertThat(controller.inFlight()).isZero();
        assertThat(controller.snapshot().admitted()).isEqualTo(1);
    }

    @Test
    void refusesAtOnceWhatDoesNotFitWhileOtherWorkIsInFlightAndSparesExemptPaths() throws Exception {
        // Held open: 100 bytes (no body). Then 800 more passes only HIGH (1,000); 480 more on a LOW path passes
        // nothing (LOW stops at 500).
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> client.get().uri("/api/hold").exchange()
                .expectStatus().isOk());
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.inFlight() == 100);
        client.post().uri("/api/upload").contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[200])
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "3")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("admission");
        client.post().uri("/api/upload").header("X-Priority", "high").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[200]).exchange().expectStatus().isOk();
        client.post().uri("/api/bulk/items").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[120]).exchange().expectStatus().isEqualTo(503);
        client.get().uri("/actuator/anything").exchange().expectStatus().isOk();
        holding.release();
        held.get(30, TimeUnit.SECONDS);
        assertThat(controller.inFlight()).isZero();
        assertThat(controller.snapshot().refusedQueueFull()).isEqualTo(2);
    }

    @RestController
    static class HoldingController {

        private final Sinks.One<String> gate = Sinks.one();

        @GetMapping("/api/hold")
        Mono<String> hold() {
            return gate.asMono();
        }

        void release() {
            gate.tryEmitValue("released");
        }

        @PostMapping({ "/api/upload", "/api/bulk/items" })
        Mono<String> upload(@RequestBody byte[] body) {
            return Mono.just("received " + body.length);
        }

        @GetMapping("/actuator/anything")
        String actuator() {
            return "spared";
        }
    }
}
