package io.memguard.sample.buffers;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.buffer.BufferPool;
import io.memguard.sample.streams.ChunkBuffers;
import io.memguard.sample.streams.HeapChunkBuffers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * With {@code memguard.buffer-pool.enabled=false} the sample still starts: the checksum endpoint, which needs the
 * pool, is absent, and stream chunks fall back to plain heap buffers.
 */
@SpringBootTest(properties = "memguard.buffer-pool.enabled=false")
class BufferPoolDisabledTests {

    @Autowired
    private ApplicationContext context;

    @Test
    void theAppStartsWithoutTheBufferPoolAndItsEndpoint() {
        assertThat(context.getBeansOfType(BufferPool.class)).isEmpty();
        assertThat(context.getBeansOfType(ChecksumController.class)).isEmpty();
        assertThat(context.getBean(ChunkBuffers.class)).isInstanceOf(HeapChunkBuffers.class);
    }
}
