package io.memguard.autoconfigure.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.memguard.pressure.ManualMemoryPressureMonitor;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.ShedReason;
import reactor.core.publisher.Mono;

class LoadSheddingWebFilterTests {

    private final ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();

    private final LoadShedder shedder = LoadShedder.builder().largeRequestThreshold(1024).build();

    private final WebTestClient client = WebTestClient.bindToController(new WorkController())
            .webFilter(new LoadSheddingWebFilter(new RequestShedding(monitor, shedder,
                    ExcludedPaths.of(List.of("/actuator/**")),
                    new SheddingResponse(Duration.ofSeconds(7), DataSize.ofBytes(1024)))))
            .build();

    @Test
    void passesEverythingWhenCalm() {
        client.get().uri("/api/work").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("done");
        client.post().uri("/api/upload").bodyValue(new byte[4096]).exchange().expectStatus().isOk();
    }

    @Test
    void answers503WithRetryAfterAtTheSheddingLevel() {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        client.get().uri("/api/work").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("pressure");

        assertThat(shedder.shedCount(ShedReason.PRESSURE)).isEqualTo(1);
    }

    @Test
    void neverRefusesAnExcludedPath() {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void refusesALargeBodyAlreadyAtHigh() {
        monitor.setLevel(MemoryPressureLevel.HIGH);

        client.post().uri("/api/upload").bodyValue(new byte[4096]).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody().jsonPath("$.reason").isEqualTo("large-request");
        client.post().uri("/api/upload").bodyValue(new byte[512]).exchange().expectStatus().isOk();
        client.get().uri("/api/work").exchange().expectStatus().isOk();

        assertThat(shedder.shedCount(ShedReason.LARGE_REQUEST)).isEqualTo(1);
    }

    @RestController
    static class WorkController {

        @GetMapping("/api/work")
        Mono<String> work() {
            return Mono.just("done");
        }

        @PostMapping("/api/upload")
        Mono<String> upload() {
            return Mono.just("stored");
        }

        @GetMapping("/actuator/health")
        Mono<String> health() {
            return Mono.just("UP");
        }
    }
}
