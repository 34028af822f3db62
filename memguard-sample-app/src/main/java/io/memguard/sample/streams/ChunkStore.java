package io.memguard.sample.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.quota.QuotaController;
import io.memguard.quota.QuotaStreamSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Streams of chunks, each stream under its own memory quota: the realistic path of memguard, where a noisy
 * stream loses its own oldest chunks instead of taking the whole service down.
 *
 * <p>Without a quota controller ({@code memguard.enabled=false}) the store keeps every chunk until the heap
 * runs out, as a service without memguard would: the "unguarded" app of the overload proof.
 *
 * @since 0.1.0
 */
public class ChunkStore {

    /** What {@link StreamStatus#limitBytes()} reports for a stream that has no quota. */
    public static final long NO_LIMIT = -1;

    private final @Nullable QuotaController quotas;
    private final ChunkBuffers buffers;
    private final Map<String, ChunkStream> streams = new ConcurrentHashMap<>();

    /**
     * A store whose streams live under the quotas of {@code quotas}, or under none.
     *
     * @param quotas  the quota controller, or {@code null} to store without any quota
     * @param buffers where chunk bytes are kept
     */
    public ChunkStore(@Nullable QuotaController quotas, ChunkBuffers buffers) {
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
        if (!stream.tryAcquire(bytes.length)) {
            throw new ChunkRateLimitedException(streamId, bytes.length);
        }
        return stream.store(bytes, priority);
    }

    private ChunkStream stream(String streamId) {
        ChunkStream stream = streams.get(streamId);
        if (stream != null) {
            return stream;
        }
        // The quota stream is opened outside computeIfAbsent: opening it may evict, which calls back into streams.
        ChunkStream created = quotas == null ? ChunkStream.unguarded(streamId, buffers)
                : ChunkStream.guarded(quotas.stream(streamId), buffers);
        return streams.computeIfAbsent(streamId, id -> created);
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
            QuotaStreamSnapshot usage = stream.snapshot();
            if (usage == null) {
                return new StreamStatus(streamId, stream.heldBytes(), NO_LIMIT, stream.heldChunks(), 0, 0,
                        stream.lastSequence());
            }
            return new StreamStatus(streamId, usage.usedBytes(), usage.limitBytes(), usage.entries(),
                    usage.evictedEntries(), usage.evictedBytes(), stream.lastSequence());
        });
    }

    /**
     * What {@code GET /api/streams/{id}} answers.
     *
     * @param stream        the stream's id
     * @param usedBytes     bytes it holds
     * @param limitBytes    its quota, or {@link #NO_LIMIT} without memguard
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
