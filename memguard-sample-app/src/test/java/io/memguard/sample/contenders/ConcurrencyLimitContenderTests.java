package io.memguard.sample.contenders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import io.memguard.sample.ingest.BatchSummary;
import io.memguard.sample.ingest.IngestController;

/**
 * In the {@code concurrency-limit} profile, at most {@code sample.ingest.concurrency-limit} ingestions run at once:
 * with the limit at 1, a second batch is not even read while the first one is being parsed.
 */
@SpringBootTest(properties = { "sample.ingest.concurrency-limit=1", "memguard.enabled=false" })
@ActiveProfiles("concurrency-limit")
class ConcurrencyLimitContenderTests {

    @Autowired
    IngestController ingest;

    @Test
    void aSecondBatchWaitsUntilTheFirstIsDone() throws Exception {
        try (HeldBatches batches = new HeldBatches(ingest)) {
            CompletableFuture<BatchSummary> one = batches.first();

            CompletableFuture<BatchSummary> two = batches.second();
            await("the second call parks on the limit").atMost(Duration.ofSeconds(60)).until(batches::secondParked);
            assertThat(batches.secondRead()).as("the second batch is read while the first holds the only slot")
                .isFalse();

            batches.releaseFirst();
            assertThat(one.get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
            assertThat(two.get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
            assertThat(batches.secondRead()).isTrue();
        }
    }
}
