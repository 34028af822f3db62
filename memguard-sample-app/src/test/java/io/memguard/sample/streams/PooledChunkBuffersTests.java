package io.memguard.sample.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.ByteBuffer;

import io.memguard.buffer.BufferPool;
import io.memguard.quota.QuotaController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PooledChunkBuffersTests {

    private final BufferPool pool = BufferPool.builder().build();

    private final PooledChunkBuffers buffers = new PooledChunkBuffers(pool);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void buffersComeFromThePoolAndGoBackToIt() {
        ByteBuffer first = buffers.acquire(3_000);
        assertThat(first.capacity()).as("the 4 KiB bucket").isEqualTo(4096);
        assertThat(pool.snapshot().inUse()).isEqualTo(1);

        buffers.release(first);

        assertThat(pool.snapshot().inUse()).isZero();
        assertThat(buffers.acquire(3_000)).as("reused").isSameAs(first);
    }

    @Test
    void aSecondReleaseOfTheSameBufferIsRefusedByThePool() {
        ByteBuffer buffer = buffers.acquire(100);
        buffers.release(buffer);

        assertThatIllegalStateException().isThrownBy(() -> buffers.release(buffer));
    }

    @Test
    void evictedChunksGiveTheirBuffersBackExactlyOnceUnderContention() throws Exception {
        QuotaController quotas = QuotaController.builder().globalLimit(400_000).defaultStreamLimit(20_000)
                .components("chunks").backgroundExecutor(Runnable::run).build();
        ChunkStore store = new ChunkStore(quotas, buffers);
        Contention.run(4, thread -> {
            for (int i = 0; i < 5_000; i++) {
                String stream = "s" + (i % 5);
                byte fill = (byte) (thread * 31 + i);
                byte[] chunk = new byte[500 + i % 3_000];
                java.util.Arrays.fill(chunk, fill);
                long sequence = store.store(stream, chunk, 0);
                store.read(stream, Math.max(1, sequence - i % 7))
                        .ifPresent(bytes -> assertThat(bytes).hasSizeGreaterThanOrEqualTo(500));
                store.read(stream, sequence).ifPresent(bytes -> assertThat(bytes).containsOnly(fill));
            }
        });
        long held = 0;
        for (int s = 0; s < 5; s++) {
            held += store.status("s" + s).orElseThrow().chunksHeld();
        }
        assertThat(held).isPositive();
        assertThat(pool.snapshot().inUse()).as("one buffer in use per chunk still held, none released twice")
                .isEqualTo(held);
        assertThat(pool.snapshot().leaked()).isZero();
    }
}
