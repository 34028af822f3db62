package io.memguard.sample.drafts;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Drafts held in memory for a while, then dropped: memory held by ordinary requests, as sessions, uploads and
 * in-flight work hold it. Nothing here knows of memguard; the app keeps it with memguard off too.
 *
 * @since 0.1.0
 */
@Component
public class DraftStore implements AutoCloseable {

    private final Duration holdTime;

    private final Map<Long, byte[]> drafts = new ConcurrentHashMap<>();

    private final AtomicLong ids = new AtomicLong();

    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor((runnable) -> {
        Thread thread = new Thread(runnable, "draft-expiry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param holdTime how long each draft is held ({@code sample.drafts.hold-time}, default 30s)
     */
    public DraftStore(@Value("${sample.drafts.hold-time:30s}") Duration holdTime) {
        this.holdTime = holdTime;
    }

    /**
     * Holds a draft of {@code bytes} bytes for the hold time.
     *
     * @param bytes the draft's size
     * @return the held draft
     */
    public Draft hold(int bytes) {
        byte[] content = new byte[bytes];
        for (int i = 0; i < bytes; i += 512) {
            content[i] = (byte) i;
        }
        long id = ids.incrementAndGet();
        drafts.put(id, content);
        expiry.schedule(() -> drafts.remove(id), holdTime.toNanos(), TimeUnit.NANOSECONDS);
        return new Draft(id, bytes, holdTime.toMillis());
    }

    /**
     * The drafts held now.
     *
     * @return how many drafts and bytes are held
     */
    public Held held() {
        long bytes = 0;
        for (byte[] draft : drafts.values()) {
            bytes += draft.length;
        }
        return new Held(drafts.size(), bytes);
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        drafts.clear();
    }

    /**
     * A draft just stored.
     *
     * @param id         its id
     * @param bytes      its size
     * @param heldMillis how long it is held
     */
    public record Draft(long id, int bytes, long heldMillis) {
    }

    /**
     * What is held now.
     *
     * @param drafts how many drafts
     * @param bytes  their bytes together
     */
    public record Held(int drafts, long bytes) {
    }
}
