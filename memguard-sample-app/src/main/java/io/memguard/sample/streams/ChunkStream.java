package io.memguard.sample.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.memguard.quota.EvictionReason;
import io.memguard.quota.QuotaEntry;
import io.memguard.quota.QuotaStream;

/**
 * The chunks of one stream, each held as an evictable entry of the stream's quota. Sequence numbers are handed
 * out in admission order, with no gaps: every number up to {@link #lastSequence()} was acknowledged, so a
 * missing one was evicted.
 */
final class ChunkStream {

    static final String COMPONENT = "chunks";

    private final QuotaStream quota;
    private final ChunkBuffers buffers;
    private final Map<Long, Held> chunks = new ConcurrentHashMap<>();
    private volatile long lastSequence;

    ChunkStream(QuotaStream quota, ChunkBuffers buffers) {
        this.quota = quota;
        this.buffers = buffers;
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
        try {
            held.entry = quota.admit(sequence, COMPONENT, bytes.length, priority, this::evicted);
        }
        catch (RuntimeException ex) {
            chunks.remove(sequence);
            chunk.drop();
            throw ex;
        }
        lastSequence = sequence;
        return sequence;
    }

    private void evicted(QuotaEntry entry, EvictionReason reason) {
        Held held = chunks.remove((Long) entry.key());
        if (held != null) {
            held.chunk.drop();
        }
    }

    /**
     * Reads a chunk.
     *
     * @return the bytes, or {@code null} if the chunk was acknowledged and then evicted
     * @throws IllegalArgumentException if the sequence number was never acknowledged
     */
    byte[] read(long sequence) {
        if (sequence < 1 || sequence > lastSequence) {
            throw new IllegalArgumentException("chunk " + sequence + " of stream '" + quota.id()
                    + "' was never acknowledged; the last one is " + lastSequence);
        }
        Held held = chunks.get(sequence);
        byte[] bytes = held == null ? null : held.chunk.copy();
        if (bytes != null && held.entry != null) {
            held.entry.touch();
        }
        return bytes;
    }

    QuotaStream quota() {
        return quota;
    }

    long lastSequence() {
        return lastSequence;
    }

    private static final class Held {

        private final StoredChunk chunk;
        private volatile QuotaEntry entry;

        private Held(StoredChunk chunk) {
            this.chunk = chunk;
        }
    }
}
