package io.memguard.sample.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.buffer.BufferPool;
import io.memguard.quota.QuotaController;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The streams API of the sample app with memguard disabled: no quota controller and no buffer pool, chunks in
 * plain heap buffers, nothing evicted or refused, as in a service without memguard.
 */
@SpringBootTest(properties = "memguard.enabled=false")
@AutoConfigureMockMvc
class UnguardedStreamsTests {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void chunksAreStoredInHeapBuffersWithoutAnyQuota(@Autowired ApplicationContext context) {
        assertThat(context.getBeanProvider(QuotaController.class).getIfAvailable()).isNull();
        assertThat(context.getBeanProvider(BufferPool.class).getIfAvailable()).isNull();
        assertThat(context.getBean(ChunkBuffers.class)).isInstanceOf(HeapChunkBuffers.class);

        for (int i = 1; i <= 20; i++) {
            assertThat(mvc.post().uri("/api/streams/raw/chunks").contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .content(new byte[10_000]).exchange()).hasStatus(HttpStatus.CREATED).bodyJson()
                    .extractingPath("$.sequence").isEqualTo(i);
        }

        assertThat(mvc.get().uri("/api/streams/raw")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"stream":"raw","usedBytes":200000,"limitBytes":-1,"chunksHeld":20,"chunksEvicted":0,
                 "bytesEvicted":0,"lastSequence":20}""");
        assertThat(mvc.get().uri("/api/streams/raw/chunks/1")).hasStatusOk();
    }
}
