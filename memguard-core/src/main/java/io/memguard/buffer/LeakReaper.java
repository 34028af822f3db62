package io.memguard.buffer;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread that learns of buffers collected while acquired, for every pool in the JVM.
 *
 * <p>Slots register with one queue shared by all pools. A registered reference is not reachable from the queue
 * until the collector enqueues it, so an abandoned pool with its slots and buffers stays collectable; the thread
 * holds nothing but the queue. It is started on first use and blocks on the queue at no cost.
 */
final class LeakReaper {

    private static final Logger logger = LoggerFactory.getLogger(LeakReaper.class);

    private static final ReferenceQueue<ByteBuffer> QUEUE = new ReferenceQueue<>();

    static {
        Thread reaper = new Thread(LeakReaper::run, "memguard-buffer-leak-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }

    private LeakReaper() {
    }

    static ReferenceQueue<ByteBuffer> queue() {
        return QUEUE;
    }

    private static void run() {
        for (;;) {
            try {
                Reference<? extends ByteBuffer> collected = QUEUE.remove();
                if (collected instanceof Slot slot) {
                    slot.bucket.pool.onCollected(slot);
                }
            }
            catch (InterruptedException ex) {
                // Only memguard could interrupt this thread, and it never does: keep reaping.
                Thread.interrupted();
            }
            catch (RuntimeException | LinkageError ex) {
                logger.warn("memguard buffer leak reaper failed on one buffer; it carries on", ex);
            }
        }
    }
}
