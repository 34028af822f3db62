package io.memguard.sample.buffers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.memguard.autoconfigure.ConditionalOnMemguardEnabled;
import io.memguard.buffer.BufferLease;
import io.memguard.buffer.BufferPool;
import io.memguard.pool.ObjectLease;
import io.memguard.pool.ObjectPool;

/**
 * Checksums of an uploaded body, read through a pooled buffer with a pooled digest: the request path allocates no
 * buffer of its own, and reads in smaller chunks when memory is short ({@link BufferPool#adaptiveSize(int)}).
 *
 * <p>Try it: {@code curl --data-binary @some-file http://localhost:8080/buffers/checksum}.
 *
 * @since 0.1.0
 */
// Needs memguard's beans: absent from the app run with memguard.enabled=false (the overload proof's baseline).
// The endpoint exists only with the buffer pool: absent when memguard or its buffer pool is switched off.
@ConditionalOnMemguardEnabled
@ConditionalOnBooleanProperty(name = "memguard.buffer-pool.enabled", matchIfMissing = true)
@RestController
public class ChecksumController {

    /** The chunk size when memory is plentiful. */
    static final int CHUNK_SIZE = 64 * 1024;

    private final BufferPool buffers;

    private final ObjectPool<MessageDigest> digests;

    public ChecksumController(BufferPool buffers, ObjectPool<MessageDigest> sha256Digests) {
        this.buffers = buffers;
        this.digests = sha256Digests;
    }

    /**
     * Reads the whole body and answers its size, CRC32C and SHA-256.
     *
     * @param body the request body
     * @return the checksums and the chunk size used
     * @throws IOException if the body cannot be read
     */
    @PostMapping("/buffers/checksum")
    public Checksums checksum(InputStream body) throws IOException {
        try (BufferLease lease = buffers.lease(buffers.adaptiveSize(CHUNK_SIZE));
                ObjectLease<MessageDigest> digest = digests.lease()) {
            ByteBuffer buffer = lease.buffer();
            ReadableByteChannel channel = Channels.newChannel(body);
            CRC32C crc = new CRC32C();
            long total = 0;
            for (int read; (read = channel.read(buffer.clear())) >= 0;) {
                buffer.flip();
                crc.update(buffer);
                digest.get().update(buffer.rewind());
                total += read;
            }
            return new Checksums(total, Long.toHexString(crc.getValue()), HexFormat.of().formatHex(digest.get().digest()),
                    buffer.capacity());
        }
    }

    /**
     * The answer of {@code POST /buffers/checksum}.
     *
     * @param bytes      the body's length
     * @param crc32c     its CRC32C, in hexadecimal
     * @param sha256     its SHA-256, in hexadecimal
     * @param bufferSize the capacity of the pooled buffer it was read through
     */
    public record Checksums(long bytes, String crc32c, String sha256, int bufferSize) {
    }
}
