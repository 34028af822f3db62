package io.memguard.sample.buffers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.memguard.buffer.BufferPoolSnapshot;
import io.memguard.buffer.BufferPool;
import io.memguard.pool.ObjectPoolRegistry;
import io.memguard.pool.ObjectPoolSnapshot;

@SpringBootTest
@AutoConfigureMockMvc
class ChecksumControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    BufferPool buffers;

    @Autowired
    ObjectPoolRegistry pools;

    @Test
    void checksumsABodyReadThroughPooledBuffersAndReusesThemOnTheNextRequest() throws Exception {
        byte[] body = new byte[300_000];
        new Random(42).nextBytes(body);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        long hitsBefore = buffers.snapshot().bucket(ChecksumController.CHUNK_SIZE).hits();

        for (int request = 0; request < 2; request++) {
            mvc.perform(post("/buffers/checksum").contentType(MediaType.APPLICATION_OCTET_STREAM).content(body))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.bytes").value(body.length))
                    .andExpect(jsonPath("$.crc32c").value(Long.toHexString(crc.getValue())))
                    .andExpect(jsonPath("$.sha256").value(sha256))
                    .andExpect(jsonPath("$.bufferSize").value(ChecksumController.CHUNK_SIZE));
        }

        BufferPoolSnapshot.Bucket bucket = buffers.snapshot().bucket(ChecksumController.CHUNK_SIZE);
        assertThat(bucket.hits()).as("the second request reused the first one's buffer").isGreaterThan(hitsBefore);
        assertThat(bucket.inUse()).isZero();
        ObjectPoolSnapshot digests = pools.pool("sha256-digests").orElseThrow().snapshot();
        assertThat(digests.borrowed()).isGreaterThanOrEqualTo(2);
        assertThat(digests.reused()).isGreaterThanOrEqualTo(1);
        assertThat(digests.inUse()).isZero();
    }

    @Test
    void checksumsAnEmptyBody() throws Exception {
        mvc.perform(post("/buffers/checksum").contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[0]))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bytes").value(0))
                .andExpect(jsonPath("$.crc32c").value("0"))
                .andExpect(jsonPath("$.sha256").value(
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }
}
