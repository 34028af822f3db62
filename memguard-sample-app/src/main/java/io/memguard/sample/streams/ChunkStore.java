package io.memguard.sample.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaStream;
import io.memguard.quota.StreamUsage;
import org.springframework.stereotype.Service;

/**
 * Streams of chunks, each stream under its own memory quota: the realistic path of memguard, where a noisy
 * stream loses its own oldest chunks instead of taking the whole service down.
 *
 * @since 0.1.0
 */
@Service
public class ChunkStore {

    private final QuotaController quotas;
    private final ChunkBuffers buffers;
    private final Map<String, ChunkStream> streams = new ConcurrentHashMap<>();

    public ChunkStore(QuotaController quotas, ChunkBuffers buffers) {
        this.quotas = quotas;
        this.buffers = buffers;
    }

    /**
     * Stores a chunk.
     *
     * @param streamId the stream
     * @param bytes    the chunk
     * @param priority its priority for the priority eviction policy
     * @return its sequence number in the stream
     * @throws io.memguard.quota.QuotaExceededException if the chunk or a new stream does not fit its quota
     * @throws ChunkRateLimitedException                 if the stream sends faster than its rate limit
     */
    public long store(String streamId, byte[] bytes, int priority) {
        ChunkStream stream = stream(streamId);
        if (!stream.quota().tryAcquire(bytes.length)) {
            throw new ChunkRateLimitedException(streamId, bytes.length);
        }
        return stream.store(bytes, priority);
    }

    private ChunkStream stream(String streamId) {
        ChunkStream stream = streams.get(streamId);
        if (stream != null) {
            return stream;
        }
        QuotaStream quota = quotas.stream(streamId);
        return streams.computeIfAbsent(streamId, id -> new ChunkStream(quota, buffers));
    }

    /**
     * Reads a chunk.
     *
     * @return the chunk's bytes, or empty if it was acknowledged and then evicted
     * @throws UnknownChunkException if the stream or the sequence number was never acknowledged
     */
    public Optional<byte[]> read(String streamId, long sequence) {
        ChunkStream stream = streams.get(streamId);
        if (stream == null) {
            throw new UnknownChunkException("stream '" + streamId + "' has no chunks");
        }
        try {
            return Optional.ofNullable(stream.read(sequence));
        }
        catch (IllegalArgumentException ex) {
            throw new UnknownChunkException(ex.getMessage());
        }
    }

    /**
     * The state of a stream.
     *
     * @return its status, or empty if it has stored nothing
     */
    public Optional<StreamStatus> status(String streamId) {
        return Optional.ofNullable(streams.get(streamId)).map(stream -> {
            StreamUsage usage = stream.quota().usage();
            return new StreamStatus(streamId, usage.usedBytes(), usage.limitBytes(), usage.entries(),
                    usage.evictedEntries(), usage.evictedBytes(), stream.lastSequence());
        });
    }

    /**
     * What {@code GET /api/streams/{id}} answers.
     *
     * @param stream        the stream's id
     * @param usedBytes     bytes it holds
     * @param limitBytes    its quota
     * @param chunksHeld    chunks it still holds
     * @param chunksEvicted chunks evicted from it
     * @param bytesEvicted  bytes evicted from it
     * @param lastSequence  the last acknowledged sequence number
     * @since 0.1.0
     */
    public record StreamStatus(String stream, long usedBytes, long limitBytes, int chunksHeld, long chunksEvicted,
            long bytesEvicted, long lastSequence) {
    }
}
