package io.memguard.sample.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import io.memguard.cleanup.CleanupScheduler;
import io.memguard.test.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = { "memguard.cleanup.default-ttl=10m" })
@AutoConfigureMockMvc
class ClientActivityTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    ManualClock clock;

    @Autowired
    CleanupScheduler cleanupScheduler;

    @Autowired
    ClientActivity clientActivity;

    @Test
    void clientsAreRememberedUntilTheirTtlHasPassedOnTheClock() throws Exception {
        mvc.perform(get("/api/clients").header("X-Client-Id", "early")).andExpect(status().isOk());
        clock.advance(Duration.ofMinutes(6));
        mvc.perform(get("/api/clients").header("X-Client-Id", "late"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.early.path").value("/api/clients"))
                .andExpect(jsonPath("$.late").exists());

        clock.advance(Duration.ofMinutes(5));
        cleanupScheduler.task(ClientActivity.CLEANUP_TASK).orElseThrow().runNow();
        await().until(() -> !clientActivity.clients().containsKey("early"));
        assertThat(clientActivity.clients()).containsOnlyKeys("late");
        assertThat(cleanupScheduler.task(ClientActivity.CLEANUP_TASK).orElseThrow().snapshot().itemsRemoved())
                .isEqualTo(1);
    }


    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {

        @Bean
        ManualClock clock() {
            return new ManualClock();
        }
    }
}
