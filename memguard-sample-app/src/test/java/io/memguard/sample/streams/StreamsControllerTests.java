package io.memguard.sample.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.memguard.spring.actuate.QuotaEndpointSection;
import io.memguard.quota.QuotaController;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.MethodMode;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = { "memguard.quota.global-limit=100000B", "memguard.quota.default-stream-limit=1000B",
        "memguard.quota.stream-limits.filler=99000B", "memguard.quota.eviction.policy=priority",
        "memguard.quota.eviction.protected-priority=100", "memguard.quota.rate-limit.stream.bytes-per-second=1B",
        "memguard.quota.rate-limit.stream.burst=8KB", "memguard.quota.rate-limit.global.bytes-per-second=1GB" })
@AutoConfigureMockMvc
class StreamsControllerTests {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void chunksLiveInMemguardsPooledBuffers(@Autowired ChunkBuffers buffers) {
        assertThat(buffers).isInstanceOf(PooledChunkBuffers.class);
    }

    @Test
    void aStoredChunkIsAcknowledgedWithItsSequenceNumberAndReadBack() {
        MvcTestResult stored = post("camera-1", bytes(300, 'a'), 0);

        assertThat(stored).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/streams/camera-1/chunks/1")
                .bodyJson().isLenientlyEqualTo("{\"stream\":\"camera-1\",\"sequence\":1,\"bytes\":300}");
        assertThat(post("camera-1", bytes(10, 'b'), 0)).bodyJson().extractingPath("$.sequence").isEqualTo(2);
        assertThat(mvc.get().uri("/api/streams/camera-1/chunks/1")).hasStatusOk()
                .hasContentType(MediaType.APPLICATION_OCTET_STREAM).hasBodyTextEqualTo("a".repeat(300));
    }

    @Test
    void anEvictedChunkIsGoneAndANeverAcknowledgedOneIsNotFound() {
        post("camera-2", bytes(400, 'a'), 0);
        post("camera-2", bytes(400, 'b'), 0);
        post("camera-2", bytes(400, 'c'), 0);

        assertThat(mvc.get().uri("/api/streams/camera-2/chunks/1")).hasStatus(HttpStatus.GONE)
                .bodyJson().extractingPath("$.title").isEqualTo("Chunk evicted");
        assertThat(mvc.get().uri("/api/streams/camera-2/chunks/2")).hasStatusOk();
        assertThat(mvc.get().uri("/api/streams/camera-2/chunks/4")).hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson().extractingPath("$.detail")
                .isEqualTo("chunk 4 of stream 'camera-2' was never acknowledged; the last one is 3");
        assertThat(mvc.get().uri("/api/streams/nobody/chunks/1")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void theStatusShowsUsageLimitHeldAndEvicted() {
        post("camera-3", bytes(600, 'a'), 0);
        post("camera-3", bytes(600, 'b'), 0);

        assertThat(mvc.get().uri("/api/streams/camera-3")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
                {"stream":"camera-3","usedBytes":600,"limitBytes":1000,"chunksHeld":1,"chunksEvicted":1,
                 "bytesEvicted":600,"lastSequence":2}""");
        assertThat(mvc.get().uri("/api/streams/unknown")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aChunkThatCannotFitItsStreamGets429SayingByHowMuch() {
        post("camera-4", bytes(700, 'a'), 200);

        assertThat(post("camera-4", bytes(500, 'b'), 0)).hasStatus(HttpStatus.TOO_MANY_REQUESTS).bodyJson()
                .isLenientlyEqualTo("""
                        {"title":"Stream memory quota exceeded","status":429,"stream":"camera-4","limit":"stream",
                         "limitBytes":1000,"requestedBytes":500,"excessBytes":200,
                         "detail":"stream 'camera-4' would exceed its limit of 1000 B by 200 B (700 B used, 500 B requested) and no more of its entries could be evicted"}""");
        assertThat(mvc.get().uri("/api/streams/camera-4/chunks/1")).as("the protected chunk was kept").hasStatusOk();
    }

    @Test
    void aStreamSendingFasterThanItsRateGets429() {
        for (int i = 0; i < 8; i++) {
            assertThat(post("fast-" + i % 1, bytes(1000, 'a'), 0)).hasStatus(HttpStatus.CREATED);
        }

        assertThat(post("fast-0", bytes(500, 'a'), 0)).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
                .hasHeader("Retry-After", "1").bodyJson().extractingPath("$.title")
                .isEqualTo("Stream rate limit exceeded");
    }

    @Test
    @DirtiesContext(methodMode = MethodMode.BEFORE_METHOD)
    void atTheCriticalThresholdNewChunksAndStreamsGet503WithRetryAfter(@Autowired QuotaController quotas) {
        // Bytes held outside evictable chunks: nothing can bring usage back under the critical threshold.
        quotas.stream("filler").allocate("chunks", 98_000);
        try {
            assertThat(post("late", bytes(10, 'y'), 0)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                    .hasHeader("Retry-After", "1").bodyJson().isLenientlyEqualTo("""
                            {"title":"Service memory quota exhausted","limit":"global","stream":"late",
                             "detail":"new stream 'late' refused: global quota usage 95.7 KiB has reached its critical threshold of 95.7 KiB"}""");
            assertThat(post("filler", bytes(10, 'y'), 0)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).bodyJson()
                    .isLenientlyEqualTo("""
                            {"limit":"global","stream":"filler","requestedBytes":10,"excessBytes":10,
                             "detail":"allocation of 10 B for stream 'filler' refused: global quota usage 95.7 KiB plus 10 B would exceed its critical threshold of 95.7 KiB by 10 B"}""");
        }
        finally {
            quotas.stream("filler").release("chunks", 98_000);
        }
    }

    @Test
    void theQuotasSectionSerializesToJson(@Autowired QuotaEndpointSection section, @Autowired JsonMapper json) {
        post("camera-5", bytes(100, 'a'), 0);

        String described = json.writeValueAsString(section.describe());

        assertThat(described).contains("\"usedBytes\":", "\"limitBytes\":100000", "\"state\":\"normal\"",
                "\"thresholds\":{\"softBytes\":80000,\"hardBytes\":95000,\"criticalBytes\":98000}",
                "\"topStreams\":[", "\"id\":\"camera-5\"", "\"components\":{\"chunks\":");
    }

    private MvcTestResult post(String stream, byte[] body, int priority) {
        return mvc.post().uri("/api/streams/{id}/chunks?priority={priority}", stream, priority)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(body).exchange();
    }

    private static byte[] bytes(int length, char fill) {
        return String.valueOf(fill).repeat(length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
