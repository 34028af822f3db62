package io.memguard.sample.contenders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.memguard.sample.ingest.BatchSummary;
import io.memguard.sample.ingest.IngestController;

/**
 * Without the {@code concurrency-limit} profile the {@code @ConcurrencyLimit} of {@code POST /api/ingest} is inert,
 * whatever {@code sample.ingest.concurrency-limit} says: the memguard and unguarded contenders get no limit from it.
 */
@SpringBootTest(properties = "sample.ingest.concurrency-limit=1")
class NoConcurrencyLimitWithoutProfileTests {

    @Autowired
    IngestController ingest;

    @Test
    void aSecondBatchRunsWhileTheFirstIsHeld() throws Exception {
        try (HeldBatches batches = new HeldBatches(ingest)) {
            CompletableFuture<BatchSummary> one = batches.first();

            assertThat(batches.second().get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
            assertThat(one).isNotDone();

            batches.releaseFirst();
            assertThat(one.get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
        }
    }
}
