package io.memguard.sample.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.quota.EvictionPolicy;
import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaController.RateLimit;
import io.memguard.quota.QuotaExceededException;
import org.junit.jupiter.api.Test;

class ChunkStoreTests {

    private final CountingBuffers buffers = new CountingBuffers();

    private QuotaController.Builder quotas() {
        return QuotaController.builder().globalLimit(200_000).defaultStreamLimit(10_000).components("chunks")
                .backgroundExecutor(Runnable::run);
    }

    @Test
    void concurrentProducersAndReadersSeeDenseSequencesAndNeverAStaleChunk() throws Exception {
        ChunkStore store = new ChunkStore(quotas().build(), buffers);
        Map<String, Long> lastSequence = new ConcurrentHashMap<>();
        Contention.run(4, thread -> {
            for (int i = 0; i < 5_000; i++) {
                String stream = "s" + (i % 3);
                byte fill = (byte) (thread * 31 + i);
                long sequence = store.store(stream, filled(100 + i % 900, fill), i % 10);
                lastSequence.merge(stream, sequence, Math::max);
                Optional<byte[]> read = store.read(stream, sequence);
                read.ifPresent(bytes -> assertThat(bytes).containsOnly(fill));
            }
        });
        long stored = 0;
        for (String stream : List.of("s0", "s1", "s2")) {
            long last = store.status(stream).orElseThrow().lastSequence();
            assertThat(last).isEqualTo(lastSequence.get(stream));
            stored += last;
            int held = 0;
            for (long sequence = 1; sequence <= last; sequence++) {
                if (store.read(stream, sequence).isPresent()) {
                    held++;
                }
            }
            assertThat(held).isEqualTo(store.status(stream).orElseThrow().chunksHeld());
            assertThat(store.status(stream).orElseThrow().usedBytes()).isLessThanOrEqualTo(10_000);
        }
        assertThat(stored).as("every chunk got its own number").isEqualTo(4 * 5_000);
        int held = 0;
        for (String stream : List.of("s0", "s1", "s2")) {
            held += store.status(stream).orElseThrow().chunksHeld();
        }
        assertThat(buffers.acquired.get() - buffers.released.get()).as("evicted chunks gave their buffer back")
                .isEqualTo(held);
    }

    @Test
    void aRejectedChunkGetsNoSequenceNumberAndGivesItsBufferBack() {
        ChunkStore store = new ChunkStore(quotas().evictionPolicy(EvictionPolicy.priority(5)).build(), buffers);
        store.store("s", filled(9_000, (byte) 1), 9);

        assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> store.store("s", filled(2_000, (byte) 2), 0));

        assertThat(store.status("s").orElseThrow().lastSequence()).isEqualTo(1);
        assertThat(store.store("s", filled(1_000, (byte) 3), 0)).isEqualTo(2);
        assertThat(buffers.acquired.get() - buffers.released.get()).isEqualTo(2);
    }

    @Test
    void aStreamOverItsRateIsRefusedBeforeAnythingIsStored() {
        AtomicLong nanos = new AtomicLong();
        ChunkStore store = new ChunkStore(quotas().ticker(nanos::get).streamRateLimit(new RateLimit(1_000, 1_000))
                .build(), buffers);
        store.store("s", filled(1_000, (byte) 1), 0);

        assertThatExceptionOfType(ChunkRateLimitedException.class).isThrownBy(() -> store.store("s", filled(10, (byte) 1), 0))
                .withMessage("stream 's' is over its rate limit: 10 more bytes are not allowed now");
        assertThat(buffers.acquired.get()).isEqualTo(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(store.store("s", filled(10, (byte) 1), 0)).isEqualTo(2);
    }

    @Test
    void unknownStreamsAndSequencesAreNotGone() {
        ChunkStore store = new ChunkStore(quotas().build(), buffers);
        store.store("s", filled(10, (byte) 1), 0);

        assertThatExceptionOfType(UnknownChunkException.class).isThrownBy(() -> store.read("t", 1))
                .withMessage("stream 't' has no chunks");
        assertThatExceptionOfType(UnknownChunkException.class).isThrownBy(() -> store.read("s", 0));
        assertThatExceptionOfType(UnknownChunkException.class).isThrownBy(() -> store.read("s", 2));
        assertThat(store.status("t")).isEmpty();
    }

    @Test
    void withoutQuotasEveryChunkIsKeptAndNothingIsEverRefused() {
        ChunkStore store = new ChunkStore(null, buffers);
        for (int i = 1; i <= 1_000; i++) {
            assertThat(store.store("s", filled(1_000, (byte) i), 0)).isEqualTo(i);
        }

        assertThat(store.status("s")).hasValue(new ChunkStore.StreamStatus("s", 1_000_000, ChunkStore.NO_LIMIT, 1_000,
                0, 0, 1_000));
        assertThat(store.read("s", 1)).hasValueSatisfying(bytes -> assertThat(bytes).containsOnly((byte) 1));
        assertThat(buffers.released.get()).isZero();
        assertThatExceptionOfType(UnknownChunkException.class).isThrownBy(() -> store.read("s", 1_001));
    }

    private static byte[] filled(int length, byte fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, fill);
        return bytes;
    }

    private static final class CountingBuffers implements ChunkBuffers {

        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        @Override
        public ByteBuffer acquire(int size) {
            acquired.incrementAndGet();
            return ByteBuffer.allocate(size);
        }

        @Override
        public void release(ByteBuffer buffer) {
            released.incrementAndGet();
        }
    }
}
