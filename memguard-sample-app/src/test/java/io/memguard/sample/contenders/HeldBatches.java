package io.memguard.sample.contenders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.memguard.sample.ingest.BatchSummary;
import io.memguard.sample.ingest.IngestController;

/**
 * Two one-line batches sent to {@code POST /api/ingest}'s handler from two threads: the first blocks inside its
 * first read until {@link #releaseFirst()}, so that it holds whatever slot it was given; the second records whether
 * its body was read at all. Each call has a thread of its own (not the common pool, whose only worker on a small
 * machine the held first call would take).
 */
final class HeldBatches implements AutoCloseable {

    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    private final IngestController ingest;

    private final CountDownLatch firstRead = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicBoolean secondRead = new AtomicBoolean();

    private final AtomicReference<Thread> secondThread = new AtomicReference<>();

    HeldBatches(IngestController ingest) {
        this.ingest = ingest;
    }

    /** Starts the first batch and returns once it is inside its first read. */
    CompletableFuture<BatchSummary> first() throws InterruptedException {
        InputStream body = new ByteArrayInputStream("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                firstRead.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return super.read(b, off, len);
            }
        };
        CompletableFuture<BatchSummary> first = CompletableFuture.supplyAsync(() -> call(body), callers);
        if (!firstRead.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the first batch was not read within 60 s");
        }
        return first;
    }

    CompletableFuture<BatchSummary> second() {
        InputStream body = new ByteArrayInputStream("{\"id\":2}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                secondRead.set(true);
                return super.read(b, off, len);
            }
        };
        return CompletableFuture.supplyAsync(() -> {
            secondThread.set(Thread.currentThread());
            return call(body);
        }, callers);
    }

    /** Whether the second call's thread is parked (waiting for a slot, or for anything else). */
    boolean secondParked() {
        Thread thread = secondThread.get();
        return thread != null
                && (thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);
    }

    boolean secondRead() {
        return secondRead.get();
    }

    void releaseFirst() {
        release.countDown();
    }

    /** Releases the first call, if still held, and ends the callers' threads. */
    @Override
    public void close() {
        release.countDown();
        callers.shutdownNow();
    }

    private BatchSummary call(InputStream body) {
        try {
            return ingest.ingest(body);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
