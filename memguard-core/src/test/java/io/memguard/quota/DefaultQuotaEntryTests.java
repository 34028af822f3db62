package io.memguard.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.memguard.pressure.MemoryPressureLevel;
import org.junit.jupiter.api.Test;

class DefaultQuotaEntryTests {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void anEntryDescribesItselfAndTouchMovesItsLastAccess() {
        QuotaStream stream = QuotaController.builder().globalLimit(1_000).ticker(ticker)
                .backgroundExecutor(Runnable::run).components("frames").build().stream("s");
        long admittedAt = ticker.getAsLong();
        QuotaEntry entry = stream.admit("key", "frames", 10, 4, (e, reason) -> {
        });
        ticker.advance(Duration.ofSeconds(1));

        entry.touch();

        assertThat(entry.snapshot()).isEqualTo(new QuotaEntrySnapshot("s", "key", "frames", 10, 4, admittedAt,
                admittedAt + Duration.ofSeconds(1).toNanos()));
        assertThat(entry.stream()).isEqualTo("s");
        assertThat(entry.key()).isEqualTo("key");
        assertThat(entry.component()).isEqualTo("frames");
        assertThat(entry.sizeBytes()).isEqualTo(10);
        assertThat(entry.priority()).isEqualTo(4);
        assertThat(entry).hasToString("QuotaEntry[stream=s, key=key, size=10]");
    }

    @Test
    void anOwnerReleaseRacingAnEvictionGivesTheBytesBackOnce() throws Exception {
        QuotaController controller = QuotaController.builder().globalLimit(1L << 30).defaultStreamLimit(1L << 30)
                .backgroundExecutor(Runnable::run).build();
        QuotaStream stream = controller.stream("s");
        AtomicInteger callbacks = new AtomicInteger();
        AtomicInteger releases = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2_000; round++) {
                List<QuotaEntry> entries = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    entries.add(stream.admit(i, "default", 100, 0, (e, reason) -> callbacks.incrementAndGet()));
                }
                CountDownLatch start = new CountDownLatch(1);
                Future<?> owner = threads.submit(() -> {
                    start.await();
                    for (QuotaEntry entry : entries) {
                        if (entry.release()) {
                            releases.incrementAndGet();
                        }
                    }
                    return null;
                });
                Future<?> pressure = threads.submit(() -> {
                    start.await();
                    controller.onPressureLevel(MemoryPressureLevel.NONE, MemoryPressureLevel.CRITICAL);
                    return null;
                });
                start.countDown();
                owner.get(10, TimeUnit.SECONDS);
                pressure.get(10, TimeUnit.SECONDS);
                assertThat(stream.usedBytes()).isZero();
                assertThat(controller.usedBytes()).isZero();
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(callbacks.get() + releases.get()).isEqualTo(2_000 * 20);
    }
}
