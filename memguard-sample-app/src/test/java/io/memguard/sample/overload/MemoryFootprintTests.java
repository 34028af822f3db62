package io.memguard.sample.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicInteger;

import io.memguard.diagnostics.MemoryProfiler;
import io.memguard.quota.QuotaController;
import io.memguard.sample.events.PressureEventsController;
import io.memguard.sample.streams.ChunkStore;
import io.memguard.sample.streams.HeapChunkBuffers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample app's memory per stream and per SSE subscriber, measured with memguard's {@link MemoryProfiler}
 * (build many, hold them, compare the heap after full collections) and printed for docs/overload.md:
 * {@code ./mvnw -B -ntp -pl memguard-sample-app -am test -Dtest=MemoryFootprintTests -Dsurefire.failIfNoSpecifiedTests=false}.
 * The bounds only catch a regression by an order of magnitude; the printed figures are the result.
 */
@SpringBootTest
@DirtiesContext
class MemoryFootprintTests {

    private static final int CHUNK_BYTES = 1024;

    private final MemoryProfiler profiler = MemoryProfiler.ofThisJvm();

    @Test
    void memoryPerStreamHoldingOneChunk() {
        QuotaController quotas = QuotaController.builder().globalLimit(1L << 30).defaultStreamLimit(1L << 20)
                .components("chunks").backgroundExecutor(Runnable::run).build();
        ChunkStore store = new ChunkStore(quotas, new HeapChunkBuffers());
        AtomicInteger ids = new AtomicInteger();
        byte[] chunk = new byte[CHUNK_BYTES];

        MemoryProfiler.RetentionProfile perStream = profiler.retained(20_000,
                () -> store.store("s" + ids.incrementAndGet(), chunk, 0));
        // The streams live in the store, not in what the factory returns: keep it reachable through the measurement.
        Reference.reachabilityFence(store);

        System.out.printf("memory per stream holding one %d-byte chunk: %.0f bytes (%.0f bytes besides the chunk)%n",
                CHUNK_BYTES, perStream.bytesPerInstance(), perStream.bytesPerInstance() - CHUNK_BYTES);
        assertThat(perStream.bytesPerInstance()).isBetween((double) CHUNK_BYTES, 16.0 * 1024);
    }

    @Test
    void memoryPerServerSentEventsSubscriber(@Autowired PressureEventsController events) {
        MemoryProfiler.RetentionProfile perSubscriber = profiler.retained(5_000, events::events);

        System.out.printf("memory per SSE subscriber of GET /api/events: %.0f bytes%n",
                perSubscriber.bytesPerInstance());
        assertThat(perSubscriber.bytesPerInstance()).isBetween(100.0, 64.0 * 1024);
    }
}
