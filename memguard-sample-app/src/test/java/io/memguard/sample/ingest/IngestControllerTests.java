package io.memguard.sample.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest
@AutoConfigureMockMvc
class IngestControllerTests {

    private static final String BATCH = """
            {"id":1,"customer":"acme","amount":10.5,"tags":["a"]}
            {"id":2,"customer":"acme","amount":2.25}
            {"id":3,"customer":"globex","amount":1}
            """;

    @Autowired
    MockMvc mvc;

    @Autowired
    IngestStats stats;

    @Test
    void summarisesAnNdjsonBatchAndCountsItInTheStats() throws Exception {
        IngestStats.Totals before = stats.totals();
        byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);

        mvc.perform(post("/api/ingest").contentType("application/x-ndjson").content(body))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.records").value(3))
            .andExpect(jsonPath("$.bytes").value(body.length))
            .andExpect(jsonPath("$.customers").value(2))
            .andExpect(jsonPath("$.amount").value(13.75));

        mvc.perform(get("/api/ingest/stats"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.batches").value(before.batches() + 1))
            .andExpect(jsonPath("$.records").value(before.records() + 3))
            .andExpect(jsonPath("$.bytes").value(before.bytes() + body.length));
    }

    @Test
    void refusesABatchWithARecordWithoutAnIdAndKeepsNothingOfIt() throws Exception {
        IngestStats.Totals before = stats.totals();

        mvc.perform(post("/api/ingest").contentType("application/x-ndjson")
            .content("{\"id\":1,\"customer\":\"acme\"}\n{\"customer\":\"acme\"}\n"))
            .andExpect(status().isBadRequest());

        assertThat(stats.totals()).isEqualTo(before);
    }

    @Test
    void holdsEveryRecordOfTheBatchUntilItIsDone() throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int id = 0; id < 5_000; id++) {
            batch.append("{\"id\":").append(id).append(",\"customer\":\"c").append(id % 7).append("\",\"amount\":1}\n");
        }

        mvc.perform(post("/api/ingest").contentType("application/x-ndjson").content(batch.toString()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.records").value(5_000))
            .andExpect(jsonPath("$.customers").value(7))
            .andExpect(jsonPath("$.amount").value(5_000.0));
    }
}
