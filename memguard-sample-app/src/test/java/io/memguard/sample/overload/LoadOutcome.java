package io.memguard.sample.overload;

import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the app made of an open-loop load: every answered request, by outcome, and the successes' latencies
 * (counted from when each request was due, so a stall also delays the arrivals queued behind it).
 */
final class LoadOutcome {

    /** What became of one request. */
    enum Result {
        /** 2xx. */
        SUCCESS,
        /** 503: refused by a limit, the app still alive. */
        REFUSED,
        /** Any other status, a reset, a refused connection or a timeout. */
        FAILED,
        /** Due while the generator's concurrency bound was taken: never sent, counted as failed. */
        DROPPED
    }

    /**
     * One success.
     *
     * @param completedSeconds when it completed, in seconds since the load started
     * @param latencyMillis    from when it was due to when it completed
     * @param ingestedBytes    the body it ingested, 0 for a read
     */
    record Success(double completedSeconds, double latencyMillis, long ingestedBytes) {
    }

    private final Queue<Success> successes = new ConcurrentLinkedQueue<>();

    private final LongAdder refused = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private final LongAdder dropped = new LongAdder();

    void success(double completedSeconds, double latencyMillis, long ingestedBytes) {
        successes.add(new Success(completedSeconds, latencyMillis, ingestedBytes));
    }

    void count(Result result) {
        switch (result) {
            case REFUSED -> refused.increment();
            case FAILED -> failed.increment();
            case DROPPED -> dropped.increment();
            case SUCCESS -> throw new IllegalArgumentException("a success is recorded with success(...)");
        }
    }

    long successes() {
        return successes.size();
    }

    long refused() {
        return refused.sum();
    }

    /** Failed requests, the dropped ones included. */
    long failed() {
        return failed.sum() + dropped.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    long ingestedBytes() {
        return successes.stream().mapToLong(Success::ingestedBytes).sum();
    }

    /** The 99th percentile of the successes' latencies (nearest rank), or -1 without a success. */
    double p99Millis() {
        double[] latencies = successes.stream().mapToDouble(Success::latencyMillis).sorted().toArray();
        if (latencies.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(0.99 * latencies.length);
        return latencies[Math.max(0, rank - 1)];
    }

    /**
     * Successes completed in each whole second from {@code fromSeconds} (inclusive) to {@code toSeconds}
     * (exclusive) after the start.
     */
    long[] successesPerSecond(double fromSeconds, double toSeconds) {
        int windows = (int) Math.floor(toSeconds - fromSeconds);
        long[] counts = new long[Math.max(0, windows)];
        for (Success success : List.copyOf(successes)) {
            int window = (int) Math.floor(success.completedSeconds() - fromSeconds);
            if (window >= 0 && window < counts.length) {
                counts[window]++;
            }
        }
        return counts;
    }

    /** Standard deviation over mean of the counts (population form), 0 for a flat series, -1 without any count. */
    static double coefficientOfVariation(long[] counts) {
        if (counts.length == 0) {
            return -1;
        }
        double mean = Arrays.stream(counts).average().orElse(0);
        if (mean == 0) {
            return -1;
        }
        double variance = Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).sum() / counts.length;
        return Math.sqrt(variance) / mean;
    }
}
