package io.memguard.admission;

/**
 * The admission controller's limit, load and counters at one moment.
 *
 * @param limit              the limit, in bytes of expected work in flight
 * @param minLimit           the floor of the limit
 * @param maxLimit           the limit without pressure
 * @param inFlight           the weight of admitted work not yet ended
 * @param queued             requests waiting now
 * @param queueCapacity      how many may wait at once
 * @param target             the ratio the loop steers below
 * @param ratio              the last driving ratio seen (the fuller of heap-after-GC and container), or {@code -1}
 *                           before the first snapshot
 * @param projectedRatio     that ratio projected one horizon ahead, or {@code -1} before the first snapshot
 * @param admitted           requests admitted at once, since start
 * @param admittedAfterWait  requests admitted after waiting, since start
 * @param refusedQueueFull   requests refused because the queue was full, since start
 * @param refusedTimeout     requests refused after waiting the whole timeout, since start
 * @param cuts               cuts of the limit, since start
 * @since 0.2.0
 */
public record AdmissionSnapshot(long limit, long minLimit, long maxLimit, long inFlight, int queued, int queueCapacity,
        double target, double ratio, double projectedRatio, long admitted, long admittedAfterWait,
        long refusedQueueFull, long refusedTimeout, long cuts) {

    /**
     * Every refusal, whatever the cause.
     *
     * @return refused requests since start
     */
    public long refused() {
        return refusedQueueFull + refusedTimeout;
    }
}
