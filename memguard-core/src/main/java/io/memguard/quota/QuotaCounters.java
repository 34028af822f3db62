package io.memguard.quota;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link QuotaStatistics}. Only slow paths (eviction, rejection, leaks, failures) write
 * them; the allocation totals come from {@link GlobalCounters}.
 */
final class QuotaCounters implements QuotaStatistics {

    private final GlobalCounters global;
    private final Map<EvictionReason, LongAdder> evictions = adders(EvictionReason.class);
    private final Map<EvictionReason, LongAdder> evictedBytes = adders(EvictionReason.class);
    private final Map<QuotaLimit, LongAdder> rejections = adders(QuotaLimit.class);
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

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> adders = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            adders.put(constant, new LongAdder());
        }
        return adders;
    }

    void recordEviction(EvictionReason reason, long bytes) {
        evictions.get(reason).increment();
        evictedBytes.get(reason).add(bytes);
    }

    void recordRejection(QuotaLimit limit) {
        rejections.get(limit).increment();
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

    @Override
    public long allocatedBytes() {
        long rolledBackSoFar = rolledBack.sum();
        return allocatedReported.accumulateAndGet(global.allocatedTotal() - rolledBackSoFar, Math::max);
    }

    @Override
    public long releasedBytes() {
        long rolledBackSoFar = rolledBack.sum();
        return releasedReported.accumulateAndGet(global.releasedTotal() - rolledBackSoFar, Math::max);
    }

    @Override
    public double allocationRate() {
        return allocationRate;
    }

    @Override
    public long evictions(EvictionReason reason) {
        return evictions.get(reason).sum();
    }

    @Override
    public long evictedBytes(EvictionReason reason) {
        return evictedBytes.get(reason).sum();
    }

    @Override
    public long rejections(QuotaLimit limit) {
        return rejections.get(limit).sum();
    }

    @Override
    public long throttled() {
        return throttled.sum();
    }

    @Override
    public long suspectedLeaks() {
        return suspectedLeaks.sum();
    }

    @Override
    public long callbackFailures() {
        return callbackFailures.sum();
    }
}
