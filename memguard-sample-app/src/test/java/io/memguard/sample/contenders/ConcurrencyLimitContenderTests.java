package io.memguard.sample.contenders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
        CountDownLatch firstRead = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        InputStream first = new ByteArrayInputStream("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                firstRead.countDown();
                try {
                    releaseFirst.await(60, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return super.read(b, off, len);
            }
        };
        AtomicBoolean secondRead = new AtomicBoolean();
        InputStream second = new ByteArrayInputStream("{\"id\":2}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                secondRead.set(true);
                return super.read(b, off, len);
            }
        };
        Thread[] secondThread = new Thread[1]; // set by the second call's own thread

        CompletableFuture<BatchSummary> one = CompletableFuture.supplyAsync(() -> call(first));
        assertThat(firstRead.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BatchSummary> two = CompletableFuture.supplyAsync(() -> {
            secondThread[0] = Thread.currentThread();
            return call(second);
        });
        await("the second call parks on the limit").atMost(Duration.ofSeconds(60))
            .until(() -> secondThread[0] != null && (secondThread[0].getState() == Thread.State.WAITING
                    || secondThread[0].getState() == Thread.State.TIMED_WAITING));
        assertThat(secondRead).as("the second batch is read while the first holds the only slot").isFalse();

        releaseFirst.countDown();
        assertThat(one.get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
        assertThat(two.get(60, TimeUnit.SECONDS).records()).isEqualTo(1);
        assertThat(secondRead).isTrue();
    }

    private BatchSummary call(InputStream body) {
        try {
            return ingest.ingest(body);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
