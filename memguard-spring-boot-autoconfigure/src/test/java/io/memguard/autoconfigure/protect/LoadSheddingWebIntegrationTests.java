package io.memguard.autoconfigure.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Load shedding over real HTTP at CRITICAL, in an application with the actuator moved where users move it: what is
 * refused, what is spared, and what a browser and an API client get.
 */
class LoadSheddingWebIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** Each test runs at CRITICAL, and leaves the shared context calm. */
    abstract class AtCritical {

        @Autowired
        private ManualMemoryPressureMonitor monitor;

        @BeforeEach
        void critical() {
            monitor.setLevel(MemoryPressureLevel.CRITICAL);
        }

        @AfterEach
        void calm() {
            monitor.setLevel(MemoryPressureLevel.NONE);
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "server.address=127.0.0.1", "management.endpoints.web.base-path=/manage",
                    "management.endpoint.health.probes.enabled=true",
                    "memguard.shedding.excluded-paths=/api/public/**" })
    class ActuatorAtACustomBasePath extends AtCritical {

        @LocalServerPort
        private int port;

        @Test
        void livenessAndReadinessAreAnsweredNotShed() throws Exception {
            HttpResponse<String> liveness = get(port, "/manage/health/liveness", null);
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> readiness = get(port, "/manage/health/readiness", null);
            assertThat(readiness.body()).as("the health endpoint's own answer, not a refusal")
                    .contains("\"status\":").doesNotContain("\"reason\":\"pressure\"");
        }

        @Test
        void userExclusionsAndStaticResourcesAreSparedToo() throws Exception {
            assertThat(get(port, "/api/public/terms", null).statusCode()).isEqualTo(200);
            HttpResponse<String> stylesheet = get(port, "/css/site.css", BROWSER);
            assertThat(stylesheet.statusCode()).isEqualTo(200);
            assertThat(stylesheet.body()).contains("margin");
        }

        @Test
        void aBrowserGetsAPageAndAnApiClientAProblemDocument() throws Exception {
            HttpResponse<String> page = get(port, "/api/work", BROWSER);
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
            assertThat(page.body()).contains("<h1>Service Unavailable</h1>");

            HttpResponse<String> problem = get(port, "/api/work", "application/json");
            assertThat(problem.statusCode()).isEqualTo(503);
            assertThat(problem.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(problem.body()).contains("\"status\":503", "\"reason\":\"pressure\"");
        }
    }

    @Nested
    @SpringBootTest(classes = WebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "server.address=127.0.0.1", "management.server.port=0",
                    "management.server.address=127.0.0.1", "management.endpoint.health.probes.enabled=true" })
    class ActuatorOnItsOwnPort extends AtCritical {

        @LocalServerPort
        private int port;

        @LocalManagementPort
        private int managementPort;

        @Test
        void theManagementPortIsNeverShedAndTheApplicationsPortKeepsNoActuatorExemption() throws Exception {
            assertThat(managementPort).isNotEqualTo(port);
            HttpResponse<String> liveness = get(managementPort, "/actuator/health/liveness", null);
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);

            assertThat(get(port, "/api/work", null).statusCode()).isEqualTo(503);
            assertThat(get(port, "/actuator/work", null).statusCode())
                    .as("the application's own /actuator/... path: the actuator is not on this port").isEqualTo(503);
        }
    }

    private static HttpResponse<String> get(int port, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WebApplication {

        @Bean
        ManualMemoryPressureMonitor testMemoryPressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }

        @Bean
        WorkController workController() {
            return new WorkController();
        }
    }

    @RestController
    static class WorkController {

        @GetMapping("/api/work")
        String work() {
            return "done";
        }

        @GetMapping("/api/public/terms")
        String terms() {
            return "terms";
        }

        @GetMapping("/actuator/work")
        String lookalike() {
            return "the application's, not the actuator's";
        }
    }
}
