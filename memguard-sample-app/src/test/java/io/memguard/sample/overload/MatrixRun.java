package io.memguard.sample.overload;

import java.util.List;

/**
 * One contender at one heap size under the proof's load, as written to {@code target/overload/summary.json}.
 *
 * @param contender            the contender's name
 * @param heapMiB              {@code -Xmx}, in MiB
 * @param oom                  whether the JVM exited on an OutOfMemoryError
 * @param goodputPerSecond     successful requests per second of load
 * @param ingestedMiBPerSecond bodies of successful ingestions, MiB per second of load
 * @param refused              requests answered 503
 * @param failed               other 5xx and 4xx, resets, refused connections, timeouts, and arrivals dropped because
 *                             the generator's concurrency bound was taken
 * @param p99Millis            99th percentile latency of the successes, from when each was due
 * @param recoverySeconds      seconds after the load until a light read and a small ingestion succeed and the heap
 *                             after the last collection is below half the heap, or -1 (not within the limit, or dead)
 * @param admittedRateCv       coefficient of variation of successes per 1 s window over the plateau
 * @param successes            successful requests
 * @param dropped              arrivals never sent (included in failed)
 * @param arguments            the contender's Spring arguments
 * @param heapAfterGc          [seconds since the load started, MiB in use after the collection], one per collection
 * @param loadAverage          the machine's 1-minute load average when the run started ({@code /proc/loadavg})
 */
record MatrixRun(String contender, int heapMiB, boolean oom, double goodputPerSecond, double ingestedMiBPerSecond,
        long refused, long failed, double p99Millis, double recoverySeconds, double admittedRateCv, long successes,
        long dropped, List<String> arguments, List<double[]> heapAfterGc, double loadAverage) {
}
