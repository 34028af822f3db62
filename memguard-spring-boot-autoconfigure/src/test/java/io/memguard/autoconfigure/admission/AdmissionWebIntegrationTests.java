package io.memguard.autoconfigure.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.memguard.admission.AdmissionController;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.admission.RouteCosts;
import io.memguard.spring.web.AdmissionPriority;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

/**
 * Admission over real HTTP in a Spring MVC application, with a controller of a known size (1,000,000 expected bytes,
 * a 50 ms queue) so that weights are exact: a request announcing a body weighs 4 times it until its route is learned.
 */
@SpringBootTest(classes = AdmissionWebIntegrationTests.WebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=health,memory,metrics",
                "memguard.admission.priority.header=X-Priority",
                "memguard.admission.priority.low-paths=/api/reports/**",
                "memguard.admission.excluded-paths=/api/internal/**", "memguard.admission.retry-after=2s" })
class AdmissionWebIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private AdmissionController controller;

    @Autowired
    private WorkController work;

    @AfterEach
    void releaseHeldRequests() {
        work.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.inFlight() == 0);
        work.reset();
    }

    @Test
    void aRequestThatFindsNoRoomGets503WithRetryAfterOnceTheQueueTimesOut() throws Exception {
        CompletableFuture<HttpResponse<String>> held = hold(300_000, "high");
        long refusedBefore = controller.snapshot().refusedTimeout();
        long handledBefore = work.handled("/api/items");
        HttpResponse<String> refused = post("/api/items", 200_000, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"reason\":\"admission\"");
        assertThat(controller.snapshot().refusedTimeout()).isEqualTo(refusedBefore + 1);
        assertThat(work.handled("/api/items")).as("the handler never ran").isEqualTo(handledBefore);
        work.release();
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void lowPriorityIsRefusedWhereNormalAndHighStillGetIn() throws Exception {
        CompletableFuture<HttpResponse<String>> held = hold(100_000, "high");
        // 400,000 in flight; 200,000 more: LOW stops at 500,000, NORMAL at 800,000.
        assertThat(post("/api/imports", 50_000, null).statusCode()).as("annotated LOW").isEqualTo(503);
        assertThat(post("/api/reports/monthly", 50_000, null).statusCode()).as("LOW by path").isEqualTo(503);
        assertThat(post("/api/items", 50_000, "low").statusCode()).as("LOW by header").isEqualTo(503);
        assertThat(post("/api/imports", 50_000, "normal").statusCode()).as("the header wins").isEqualTo(200);
        assertThat(post("/api/items", 50_000, null).statusCode()).as("NORMAL").isEqualTo(200);
        work.release();
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void exemptPathsAreNeverHeldBack() throws Exception {
        CompletableFuture<HttpResponse<String>> held = hold(240_000, "high");
        assertThat(post("/api/items", 1, null).statusCode()).as("960,000 in flight").isEqualTo(503);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(post("/api/internal/sync", 200_000, null).statusCode()).isEqualTo(200);
        work.release();
        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void routeCostsAreLearnedAndShownInTheEndpointAndTheMetrics() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/items/" + i).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> section = get("/actuator/memory/admission");
        assertThat(section.statusCode()).isEqualTo(200);
        assertThat(section.body()).contains("\"limitBytes\":1000000", "\"route\":\"/api/items/{id}\"",
                "\"allocationMeasured\":" + RouteCosts.allocationMeasured());
        HttpResponse<String> cost = get("/actuator/metrics/memguard.admission.route.cost?tag=route:/api/items/%7Bid%7D");
        assertThat(cost.statusCode()).as(cost.body()).isEqualTo(200);
        if (RouteCosts.allocationMeasured()) {
            // Each request allocated something on its thread: the route's learned cost is above zero.
            assertThat(section.body()).doesNotContain("\"route\":\"/api/items/{id}\",\"averageBytes\":0,");
        }
        assertThat(get("/actuator/metrics/memguard.admission.limit").body()).contains("1000000");
        assertThat(get("/actuator/metrics/memguard.admission.requests?tag=outcome:admitted").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anAsynchronousRequestKeepsItsWeightUntilItCompletesAndGivesItBackOnce() throws Exception {
        long admittedBefore = controller.snapshot().admitted();
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(request("/api/async", 10_000, null),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(work::holding);
        assertThat(controller.inFlight()).as("held past the request thread").isEqualTo(40_000);
        work.release();
        assertThat(pending.get(30, TimeUnit.SECONDS).body()).isEqualTo("async done");
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.inFlight() == 0);
        assertThat(controller.snapshot().admitted()).as("one admission, not one per dispatch")
                .isEqualTo(admittedBefore + 1);
    }

    /** Sends a request to the holding handler and waits until it is admitted and held. */
    private CompletableFuture<HttpResponse<String>> hold(int bodyBytes, String priority) {
        long before = controller.inFlight();
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request("/api/hold", bodyBytes, priority),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> work.holding() && controller.inFlight() > before);
        return response;
    }

    private HttpResponse<String> post(String path, int bodyBytes, String priority)
            throws IOException, InterruptedException {
        return HTTP.send(request(path, bodyBytes, priority), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, int bodyBytes, String priority) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bodyBytes]));
        if (priority != null) {
            request.header("X-Priority", priority);
        }
        return request.build();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        ManualMemoryPressureMonitor testMemoryPressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }

        @Bean
        AdmissionController admissionController() {
            AtomicLong nanos = new AtomicLong();
            return AdmissionController.builder().maxLimit(1_000_000).minLimit(10_000)
                    .queueTimeout(Duration.ofMillis(50)).ticker(nanos::get).build();
        }

        @Bean
        WorkController workController() {
            return new WorkController();
        }
    }

    @RestController
    static class WorkController {

        private volatile CountDownLatch gate = new CountDownLatch(1);

        private volatile boolean holding;

        private final java.util.Map<String, AtomicLong> handled = new java.util.concurrent.ConcurrentHashMap<>();

        @PostMapping("/api/hold")
        String hold(@RequestBody byte[] body) throws InterruptedException {
            holding = true;
            gate.await(60, TimeUnit.SECONDS);
            return "held " + body.length;
        }

        @PostMapping("/api/async")
        java.util.concurrent.Callable<String> async(@RequestBody byte[] body) {
            return () -> {
                holding = true;
                gate.await(60, TimeUnit.SECONDS);
                return "async done";
            };
        }

        @PostMapping("/api/items")
        String items(@RequestBody byte[] body) {
            return count("/api/items");
        }

        @GetMapping("/api/items/{id}")
        String item(@PathVariable int id) {
            return count("/api/items/{id}") + "item ".repeat(1000).length();
        }

        @PostMapping("/api/imports")
        @AdmissionPriority(Priority.LOW)
        String imports(@RequestBody byte[] body) {
            return count("/api/imports");
        }

        @PostMapping("/api/reports/{name}")
        String reports(@RequestBody byte[] body) {
            return count("/api/reports");
        }

        @PostMapping("/api/internal/sync")
        String sync(@RequestBody byte[] body) {
            return count("/api/internal/sync");
        }

        private String count(String route) {
            handled.computeIfAbsent(route, (key) -> new AtomicLong()).incrementAndGet();
            return "done";
        }

        long handled(String route) {
            AtomicLong count = handled.get(route);
            return (count != null) ? count.get() : 0;
        }

        boolean holding() {
            return holding;
        }

        void release() {
            gate.countDown();
        }

        void reset() {
            holding = false;
            gate = new CountDownLatch(1);
        }
    }
}
