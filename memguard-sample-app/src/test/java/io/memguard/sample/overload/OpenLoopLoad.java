package io.memguard.sample.overload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Sends a {@link LoadPlan} to an app, open loop: one thread schedules the arrivals on the plan's clock and hands
 * each to the asynchronous HTTP client, never waiting for an answer; at most {@code maxInFlight} are outstanding.
 * The mix is drawn from a fixed seed, so every contender gets the same sequence of requests. Once the app's
 * process is gone, the arrivals still due are counted as failed without being sent.
 */
final class OpenLoopLoad {

    private static final long SEED = 14;

    private final HttpClient http;

    private final NdjsonBatches batches;

    OpenLoopLoad(HttpClient http, NdjsonBatches batches) {
        this.http = http;
        this.batches = batches;
    }

    /**
     * Runs the plan, then waits for the requests in flight (at most the plan's timeout).
     *
     * @param uri   resolves a path against the app
     * @param alive whether the app's process still runs
     * @return the outcome, with times relative to the moment this method started the load
     */
    LoadOutcome run(LoadPlan plan, Function<String, URI> uri, BooleanSupplier alive) throws InterruptedException {
        LoadOutcome outcome = new LoadOutcome();
        Semaphore inFlight = new Semaphore(plan.maxInFlight());
        SplittableRandom random = new SplittableRandom(SEED);
        long start = System.nanoTime();
        double end = plan.loadDuration().toNanos() / 1e9;
        double due = 0;
        while (due < end) {
            double kind = random.nextDouble();
            int mib = random.nextInt(NdjsonBatches.SMALLEST_MIB, NdjsonBatches.LARGEST_MIB + 1);
            int key = random.nextInt(plan.catalogKeys());
            if (!alive.getAsBoolean()) {
                outcome.count(LoadOutcome.Result.FAILED);
            }
            else {
                long dueNanos = start + (long) (due * 1e9);
                LockSupport.parkNanos(dueNanos - System.nanoTime());
                if (!inFlight.tryAcquire()) {
                    outcome.count(LoadOutcome.Result.DROPPED);
                }
                else {
                    HttpRequest request;
                    long bytes = 0;
                    if (kind < plan.ingestShare()) {
                        byte[] body = batches.ofMiB(mib);
                        bytes = body.length;
                        request = post(uri.apply("/api/ingest"), body, plan.timeout());
                    }
                    else if (kind < plan.ingestShare() + plan.catalogShare()) {
                        request = get(uri.apply("/api/catalog/sku-" + key), plan.timeout());
                    }
                    else {
                        request = get(uri.apply("/api/ingest/stats"), plan.timeout());
                    }
                    send(request, dueNanos, start, bytes, outcome, inFlight);
                }
            }
            due += 1 / plan.rateAt(due);
        }
        // Wait for the answers still owed; whatever the timeout ends is counted as failed by then.
        if (inFlight.tryAcquire(plan.maxInFlight(), plan.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
            inFlight.release(plan.maxInFlight());
        }
        return outcome;
    }

    private void send(HttpRequest request, long dueNanos, long start, long bytes, LoadOutcome outcome,
            Semaphore inFlight) {
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            try {
                long now = System.nanoTime();
                if (failure == null && response.statusCode() / 100 == 2) {
                    outcome.success((now - start) / 1e9, (now - dueNanos) / 1e6, bytes);
                }
                else {
                    outcome.count(failure == null && response.statusCode() == 503 ? LoadOutcome.Result.REFUSED
                            : LoadOutcome.Result.FAILED);
                }
            }
            finally {
                inFlight.release();
            }
        });
    }

    static HttpRequest post(URI uri, byte[] body, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static HttpRequest get(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    }

    /** Whether one request succeeds (2xx) within the timeout. */
    boolean succeeds(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
