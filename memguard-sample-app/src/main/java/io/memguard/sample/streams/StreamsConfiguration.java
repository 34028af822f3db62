package io.memguard.sample.streams;

import io.memguard.buffer.BufferPool;
import io.memguard.quota.QuotaController;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The streams demo: chunks in memguard's pooled buffers under memguard's quotas, or, with memguard disabled
 * ({@code memguard.enabled=false} removes both beans), in plain heap buffers under no quota at all.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class StreamsConfiguration {

    @Bean
    ChunkBuffers chunkBuffers(ObjectProvider<BufferPool> bufferPool) {
        BufferPool pool = bufferPool.getIfAvailable();
        return pool != null ? new PooledChunkBuffers(pool) : new HeapChunkBuffers();
    }

    @Bean
    ChunkStore chunkStore(ObjectProvider<QuotaController> quotas, ChunkBuffers chunkBuffers) {
        return new ChunkStore(quotas.getIfAvailable(), chunkBuffers);
    }
}
