package io.memguard.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LoadShedder.ShedReason;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

class LoadSheddingFilterTests {

    private final ManualMemoryPressureMonitor monitor = new ManualMemoryPressureMonitor();

    private final LoadShedder shedder = LoadShedder.builder().largeRequestThreshold(1024).build();

    private final LoadSheddingFilter filter = new LoadSheddingFilter(new RequestShedding(monitor, shedder,
            ExcludedPaths.of(List.of("/actuator/**")), new SheddingResponse(Duration.ofMillis(2500),
                    DataSize.ofBytes(1024))));

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new WorkController()).addFilters(filter).build();

    @Test
    void passesEverythingWhenCalm() throws Exception {
        mvc.perform(get("/api/work")).andExpect(status().isOk()).andExpect(content().string("done"));
        mvc.perform(post("/api/upload").content(new byte[4096])).andExpect(status().isOk());

        assertThat(shedder.shedCount(ShedReason.PRESSURE) + shedder.shedCount(ShedReason.LARGE_REQUEST)).isZero();
    }

    @Test
    void decidesWithoutFilteringWhenCalm() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/work");

        assertThat(filter.shouldNotFilter(request)).isTrue();
        monitor.setLevel(MemoryPressureLevel.HIGH);
        assertThat(filter.shouldNotFilter(request)).isFalse();
    }

    @Test
    void buildsItsOncePerRequestAttributeNameOnce() {
        String name = filter.getAlreadyFilteredAttributeName();

        // Spring's own name (the filter's name, else its class), not a new string at each request.
        assertThat(name).isEqualTo(LoadSheddingFilter.class.getName() + ".FILTERED")
                .isSameAs(filter.getAlreadyFilteredAttributeName());
    }

    @Test
    void answers503WithRetryAfterAtTheSheddingLevel() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        mvc.perform(get("/api/work"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "3"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.reason").value("pressure"))
                .andExpect(jsonPath("$.detail").value("The service is short of memory and refuses new requests for"
                        + " now; retry after 3 s."));

        assertThat(shedder.shedCount(ShedReason.PRESSURE)).isEqualTo(1);
    }

    @Test
    void givesABrowserAnHtmlPage() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        mvc.perform(get("/api/work").accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "3"))
                .andExpect(header().string(HttpHeaders.VARY, HttpHeaders.ACCEPT))
                .andExpect(content().contentType("text/html;charset=UTF-8"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<h1>Service Unavailable</h1>")));
        mvc.perform(get("/api/work").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));

        assertThat(shedder.shedCount(ShedReason.PRESSURE)).isEqualTo(2);
    }

    @Test
    void sparesEveryRequestToTheActuatorsOwnServer() throws Exception {
        LoadSheddingFilter separateActuator = new LoadSheddingFilter(new RequestShedding(monitor, shedder,
                () -> ExcludedPaths.of(List.of()), true,
                new SheddingResponse(Duration.ofSeconds(1), DataSize.ofBytes(1))));
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        MockHttpServletResponse management = serve(separateActuator, "management");
        MockHttpServletResponse application = serve(separateActuator, "server");

        assertThat(management.getStatus()).isEqualTo(200);
        assertThat(application.getStatus()).isEqualTo(503);
    }

    private static MockHttpServletResponse serve(LoadSheddingFilter filter, String serverNamespace) throws Exception {
        ServletWebServerApplicationContext server = new ServletWebServerApplicationContext();
        server.setServerNamespace(serverNamespace);
        MockServletContext servletContext = new MockServletContext();
        servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, server);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest(servletContext, "GET", "/actuator/health/liveness"), response,
                new MockFilterChain());
        return response;
    }

    @Test
    void neverRefusesAnExcludedPath() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(content().string("UP"));
        mvc.perform(get("/actuatorx")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void matchesExcludedPathsWithinTheContextPath() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        mvc.perform(get("/service/actuator/health").contextPath("/service")).andExpect(status().isOk());
        mvc.perform(get("/service/api/work").contextPath("/service")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void letsLargeBodiesThroughOneAtATimeFromHigh() throws Exception {
        monitor.setLevel(MemoryPressureLevel.HIGH);

        mvc.perform(post("/api/upload").content(new byte[4096])).andExpect(status().isOk());
        assertThat(shedder.largeRequestBytes()).as("its share given back whole").isZero();
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).as("the lone large request gave its place back").isTrue();
        // Another large request holds the place now.
        mvc.perform(post("/api/upload").content(new byte[4096]))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "3"))
                .andExpect(jsonPath("$.reason").value("large-request"));
        mvc.perform(post("/api/upload").content(new byte[1024])).andExpect(status().isOk());
        mvc.perform(get("/api/work")).andExpect(status().isOk());
        shedder.largeRequestEnded(1);
        mvc.perform(post("/api/upload").content(new byte[4096])).andExpect(status().isOk());

        assertThat(shedder.shedCount(ShedReason.LARGE_REQUEST)).isEqualTo(1);
        assertThat(shedder.shedCount(ShedReason.PRESSURE)).isZero();
        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).isTrue();
    }

    @Test
    void letsRequestsThroughAgainAfterRecovery() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);
        mvc.perform(get("/api/work")).andExpect(status().isServiceUnavailable());

        monitor.setLevel(MemoryPressureLevel.MODERATE);

        mvc.perform(get("/api/work")).andExpect(status().isOk());
    }

    @RestController
    static class WorkController {

        @GetMapping("/api/work")
        String work() {
            return "done";
        }

        @PostMapping("/api/upload")
        String upload() {
            return "stored";
        }

        @GetMapping("/actuator/health")
        String health() {
            return "UP";
        }

        @GetMapping("/actuatorx")
        String lookalike() {
            return "not the actuator";
        }
    }
}
