package io.memguard.sample.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaEntry;
import io.memguard.quota.QuotaStream;
import io.memguard.quota.QuotaStreamSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The chunks of one stream. Under a quota each chunk is an evictable entry of the stream's quota; without one
 * (memguard disabled) every chunk is kept. Sequence numbers are handed out in admission order, with no gaps:
 * every number up to {@link #lastSequence()} was acknowledged, so a missing one was evicted.
 */
final class ChunkStream {

    static final String COMPONENT = "chunks";

    private final String id;
    private final @Nullable QuotaStream quota;
    private final ChunkBuffers buffers;
    private final Map<Long, Held> chunks = new ConcurrentHashMap<>();
    private final AtomicLong heldBytes = new AtomicLong();
    private volatile long lastSequence;

    private ChunkStream(String id, @Nullable QuotaStream quota, ChunkBuffers buffers) {
        this.id = id;
        this.quota = quota;
        this.buffers = buffers;
    }

    static ChunkStream guarded(QuotaStream quota, ChunkBuffers buffers) {
        return new ChunkStream(quota.id(), quota, buffers);
    }

    static ChunkStream unguarded(String id, ChunkBuffers buffers) {
        return new ChunkStream(id, null, buffers);
    }

    /** Whether the stream's rate limit lets {@code bytes} more in now; always without a quota. */
    boolean tryAcquire(int bytes) {
        return quota == null || quota.tryAcquire(bytes);
    }

    /**
     * Stores a chunk under the quota, evicting older chunks as the quota decides.
     *
     * @return the chunk's sequence number
     * @throws io.memguard.quota.QuotaExceededException if it does not fit
     */
    synchronized long store(byte[] bytes, int priority) {
        long sequence = lastSequence + 1;
        StoredChunk chunk = new StoredChunk(buffers, bytes);
        Held held = new Held(chunk);
        // In the map before admission: an eviction may drop it the moment it is admitted.
        chunks.put(sequence, held);
        heldBytes.addAndGet(bytes.length);
        if (quota != null) {
            try {
                held.entry = quota.admit(sequence, COMPONENT, bytes.length, priority, this::evicted);
            }
            catch (RuntimeException ex) {
                if (chunks.remove(sequence) != null) {
                    heldBytes.addAndGet(-bytes.length);
                }
                chunk.drop();
                throw ex;
            }
        }
        lastSequence = sequence;
        return sequence;
    }

    private void evicted(QuotaEntry entry, EvictionReason reason) {
        Held held = chunks.remove((Long) entry.key());
        if (held != null) {
            heldBytes.addAndGet(-entry.sizeBytes());
            held.chunk.drop();
        }
    }

    /**
     * Reads a chunk.
     *
     * @return the bytes, or {@code null} if the chunk was acknowledged and then evicted
     * @throws IllegalArgumentException if the sequence number was never acknowledged
     */
    byte @Nullable [] read(long sequence) {
        if (sequence < 1 || sequence > lastSequence) {
            throw new IllegalArgumentException("chunk " + sequence + " of stream '" + id
                    + "' was never acknowledged; the last one is " + lastSequence);
        }
        Held held = chunks.get(sequence);
        byte[] bytes = held == null ? null : held.chunk.copy();
        if (bytes != null && held.entry != null) {
            held.entry.touch();
        }
        return bytes;
    }

    /** The quota's view of the stream, or {@code null} without a quota. */
    @Nullable QuotaStreamSnapshot snapshot() {
        return quota == null ? null : quota.snapshot();
    }

    long heldBytes() {
        return heldBytes.get();
    }

    int heldChunks() {
        return chunks.size();
    }

    long lastSequence() {
        return lastSequence;
    }

    private static final class Held {

        private final StoredChunk chunk;
        private volatile @Nullable QuotaEntry entry;

        private Held(StoredChunk chunk) {
            this.chunk = chunk;
        }
    }
}
