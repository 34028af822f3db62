package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
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
    void givesABrowserAnHtmlPage() {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        client.get().uri("/api/work").header(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectHeader().valueEquals(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .expectHeader().contentType("text/html;charset=UTF-8")
                .expectBody(String.class).value(page -> assertThat(page).contains("<h1>Service Unavailable</h1>",
                        "retry after 7 s."));
        client.get().uri("/api/work").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void sparesEveryRequestToTheActuatorsOwnServer() {
        RequestShedding separateActuator = new RequestShedding(monitor, shedder, () -> ExcludedPaths.of(List.of()),
                true, new SheddingResponse(Duration.ofSeconds(7), DataSize.ofBytes(1024)));
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        throughServer(separateActuator, "management").get().uri("/actuator/health").exchange()
                .expectStatus().isOk();
        throughServer(separateActuator, "server").get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503);
    }

    /** A client whose exchanges arrive through a server of the given namespace, as Boot's child contexts do. */
    private static WebTestClient throughServer(RequestShedding shedding, String serverNamespace) {
        ReactiveWebServerApplicationContext server = new ReactiveWebServerApplicationContext();
        server.setServerNamespace(serverNamespace);
        WebFilter arrival = (exchange, chain) -> chain.filter(new ServerWebExchangeDecorator(exchange) {
            @Override
            public ApplicationContext getApplicationContext() {
                return server;
            }
        });
        return WebTestClient.bindToController(new WorkController()).webFilter(arrival,
                new LoadSheddingWebFilter(shedding)).build();
    }

    @Test
    void neverRefusesAnExcludedPath() {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void letsLargeBodiesThroughOneAtATimeFromHigh() {
        monitor.setLevel(MemoryPressureLevel.HIGH);

        client.post().uri("/api/upload").bodyValue(new byte[4096]).exchange().expectStatus().isOk();
        assertThat(shedder.largeRequestBytes()).as("its share given back whole").isZero();
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).as("the lone large request gave its place back").isTrue();
        // Another large request holds the place now.
        client.post().uri("/api/upload").bodyValue(new byte[4096]).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody().jsonPath("$.reason").isEqualTo("large-request");
        client.post().uri("/api/upload").bodyValue(new byte[512]).exchange().expectStatus().isOk();
        client.get().uri("/api/work").exchange().expectStatus().isOk();
        shedder.largeRequestEnded(1);
        client.post().uri("/api/upload").bodyValue(new byte[4096]).exchange().expectStatus().isOk();

        assertThat(shedder.shedCount(ShedReason.LARGE_REQUEST)).isEqualTo(1);
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).isTrue();
    }

    @Test
    void takesALargeRequestsPlaceOnlyWhenTheExchangeRuns() {
        monitor.setLevel(MemoryPressureLevel.HIGH);
        LoadSheddingWebFilter filter = new LoadSheddingWebFilter(new RequestShedding(monitor, shedder,
                ExcludedPaths.of(List.of()), new SheddingResponse(Duration.ofSeconds(7), DataSize.ofBytes(1024))));
        MockServerWebExchange upload = MockServerWebExchange
                .from(MockServerHttpRequest.post("/api/upload").contentLength(4096).build());

        Mono<Void> neverSubscribed = filter.filter(upload, (exchange) -> Mono.empty());

        assertThat(neverSubscribed).isNotNull();
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).as("the place is still free").isTrue();
        shedder.largeRequestEnded(1);
        AtomicBoolean heldWhileRunning = new AtomicBoolean();
        filter.filter(upload, (exchange) -> Mono.fromRunnable(() -> heldWhileRunning
                .set(!shedder.tryStartLargeRequest(1, monitor.snapshot())))).block(Duration.ofSeconds(10));
        assertThat(heldWhileRunning).as("held while the exchange ran").isTrue();
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).as("given back at its end").isTrue();
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
