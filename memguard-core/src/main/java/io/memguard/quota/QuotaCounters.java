package io.memguard.quota;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind the counts of {@link QuotaSnapshot}. Only slow paths (eviction, rejection, leaks, failures) write
 * them; the allocation totals come from {@link GlobalCounters}.
 */
final class QuotaCounters {

    private final GlobalCounters global;
    /* One adder per constant, indexed by ordinal: every reason and limit has its counter from the start. */
    private final LongAdder[] evictions = adders(EvictionReason.values().length);
    private final LongAdder[] evictedBytes = adders(EvictionReason.values().length);
    private final LongAdder[] rejections = adders(QuotaRejection.Limit.values().length);
    private final LongAdder throttled = new LongAdder();
    private final LongAdder suspectedLeaks = new LongAdder();
    private final LongAdder callbackFailures = new LongAdder();

    /** Bytes added to the global totals by an allocation that was then rolled back. */
    private final LongAdder rolledBack = new LongAdder();

    /* The totals minus rolled-back bytes are read without a lock and may dip for an instant; these keep them monotonic. */
    private final AtomicLong allocatedReported = new AtomicLong();
    private final AtomicLong releasedReported = new AtomicLong();

    private volatile double allocationRate;

    QuotaCounters(GlobalCounters global) {
        this.global = global;
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        Arrays.setAll(adders, index -> new LongAdder());
        return adders;
    }

    void recordEviction(EvictionReason reason, long bytes) {
        evictions[reason.ordinal()].increment();
        evictedBytes[reason.ordinal()].add(bytes);
    }

    void recordRejection(QuotaRejection.Limit limit) {
        rejections[limit.ordinal()].increment();
    }

    void recordRollback(long bytes) {
        rolledBack.add(bytes);
    }

    void recordThrottled() {
        throttled.increment();
    }

    void recordSuspectedLeak() {
        suspectedLeaks.increment();
    }

    void recordCallbackFailure() {
        callbackFailures.increment();
    }

    /** The callback failure count itself, for helpers that count their own failures into it. */
    LongAdder callbackFailureCounter() {
        return callbackFailures;
    }

    void allocationRate(double bytesPerSecond) {
        this.allocationRate = bytesPerSecond;
    }

    public long allocatedBytes() {
        long rolledBackSoFar = rolledBack.sum();
        return allocatedReported.accumulateAndGet(global.allocatedTotal() - rolledBackSoFar, Math::max);
    }

    public long releasedBytes() {
        long rolledBackSoFar = rolledBack.sum();
        return releasedReported.accumulateAndGet(global.releasedTotal() - rolledBackSoFar, Math::max);
    }

    public double allocationRate() {
        return allocationRate;
    }

    public long evictions(EvictionReason reason) {
        return evictions[reason.ordinal()].sum();
    }

    public long evictedBytes(EvictionReason reason) {
        return evictedBytes[reason.ordinal()].sum();
    }

    public long rejections(QuotaRejection.Limit limit) {
        return rejections[limit.ordinal()].sum();
    }

    public long throttled() {
        return throttled.sum();
    }

    public long suspectedLeaks() {
        return suspectedLeaks.sum();
    }

    public long callbackFailures() {
        return callbackFailures.sum();
    }

    Map<EvictionReason, Long> evictionsByReason() {
        return byReason(evictions);
    }

    Map<EvictionReason, Long> evictedBytesByReason() {
        return byReason(evictedBytes);
    }

    Map<QuotaRejection.Limit, Long> rejectionsByLimit() {
        Map<QuotaRejection.Limit, Long> counts = new EnumMap<>(QuotaRejection.Limit.class);
        for (QuotaRejection.Limit limit : QuotaRejection.Limit.values()) {
            counts.put(limit, rejections[limit.ordinal()].sum());
        }
        return counts;
    }

    private static Map<EvictionReason, Long> byReason(LongAdder[] adders) {
        Map<EvictionReason, Long> counts = new EnumMap<>(EvictionReason.class);
        for (EvictionReason reason : EvictionReason.values()) {
            counts.put(reason, adders[reason.ordinal()].sum());
        }
        return counts;
    }
}
