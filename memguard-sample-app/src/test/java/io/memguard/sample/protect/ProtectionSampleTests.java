package io.memguard.sample.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.protect.LoadShedder;
import io.memguard.protect.LowMemoryMode;
import io.memguard.test.pressure.ManualMemoryPressureMonitor;

/**
 * The sample app under pressure set by the test: the API is shed, the actuator answers, readiness turns
 * OUT_OF_SERVICE, low-memory mode turns on; all of it returns to normal when pressure falls.
 */
@SpringBootTest(properties = "memguard.low-memory.minimum-duration=0s")
@AutoConfigureMockMvc
class ProtectionSampleTests {

    @Autowired
    private LoadShedder shedder;

    @Autowired
    MockMvc mvc;

    @Autowired
    ManualMemoryPressureMonitor monitor;

    @Autowired
    LowMemoryMode lowMemoryMode;

    @AfterEach
    void calmDown() {
        monitor.setLevel(MemoryPressureLevel.NONE);
        lowMemoryMode.release();
    }

    @Test
    void servesTheApiWhenCalm() throws Exception {
        mvc.perform(get("/api/work?kb=8")).andExpect(status().isOk())
                .andExpect(jsonPath("$.bytes").value(8192))
                .andExpect(jsonPath("$.blockChecksums").value(2))
                .andExpect(jsonPath("$.lowMemoryMode").value(false));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void shedsTheApiButNotTheActuatorAtCriticalAndRecovers() throws Exception {
        monitor.setLevel(MemoryPressureLevel.CRITICAL);

        mvc.perform(get("/api/work")).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.reason").value("pressure"));
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"));
        org.assertj.core.api.Assertions.assertThat(lowMemoryMode.isActive()).isTrue();

        monitor.setLevel(MemoryPressureLevel.LOW);

        mvc.perform(get("/api/work")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        org.assertj.core.api.Assertions.assertThat(lowMemoryMode.isActive()).isFalse();
    }

    @Test
    void refusesASecondLargeUploadAtHighAndDegradesOptionalWork() throws Exception {
        monitor.setLevel(MemoryPressureLevel.HIGH);

        assertThat(shedder.tryStartLargeRequest(1, monitor.snapshot())).as("a large upload runs").isTrue();
        try {
            mvc.perform(post("/api/work").content(new byte[2 * 1024 * 1024]))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.reason").value("large-request"));
        }
        finally {
            shedder.largeRequestEnded(1);
        }
        mvc.perform(get("/api/work?kb=8")).andExpect(status().isOk())
                .andExpect(jsonPath("$.blockChecksums").value(0))
                .andExpect(jsonPath("$.lowMemoryMode").value(true));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class PressureConfiguration {

        @Bean
        ManualMemoryPressureMonitor testPressureMonitor() {
            return new ManualMemoryPressureMonitor();
        }
    }

    /** Stands in for the foundation's monitor: the test sets the level. */
}
