package io.memguard.sample.streams;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the streams demo keeps chunk bytes.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class StreamsConfiguration {

    @Bean
    ChunkBuffers chunkBuffers() {
        return new HeapChunkBuffers();
    }
}
