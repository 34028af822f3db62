package io.memguard.quota;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.memguard.quota.QuotaController.RateLimit;

/*
 * A token bucket kept as one number, the "theoretical arrival time" of the generic cell rate algorithm
 * (GCRA): the time at which the bucket would be full again if nothing more were taken. Taking n bytes pushes
 * it forward by n / rate; the take is allowed while that time is no further ahead of now than the burst's
 * worth of time. This is exactly a token bucket of `burst` tokens refilled at `rate`, but one CAS on one
 * long updates it: no lock, no allocation, and no refill task.
 *
 * A reservation may also be booked ahead of time, up to a maximum wait: the caller then sleeps the returned
 * time, and the slot is already its own. Giving back (refund) moves the time back by the same amount.
 */
/** A lock-free token bucket in bytes, on an injected nanosecond clock. */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final LongSupplier ticker;
    private final double nanosPerByte;
    private final long burstNanos;
    private final AtomicLong fullAt;

    TokenBucket(RateLimit limit, LongSupplier ticker) {
        this.ticker = ticker;
        this.nanosPerByte = NANOS_PER_SECOND / limit.bytesPerSecond();
        this.burstNanos = costOf(limit.burstBytes());
        this.fullAt = new AtomicLong(ticker.getAsLong());
    }

    /**
     * Takes {@code bytes}, booking a wait of at most {@code maxWaitNanos}.
     *
     * @return the nanoseconds the caller must wait before using the bytes (0: at once), or -1 if the bucket
     *         cannot give them within {@code maxWaitNanos}; nothing is taken then
     */
    long reserve(long bytes, long maxWaitNanos) {
        long cost = costOf(bytes);
        for (;;) {
            long now = ticker.getAsLong();
            long current = fullAt.get();
            long start = current - now > 0 ? current : now;
            long next = start + cost;
            long wait = next - now - burstNanos;
            if (wait > maxWaitNanos) {
                return -1;
            }
            if (fullAt.compareAndSet(current, next)) {
                return Math.max(0, wait);
            }
        }
    }

    void refund(long bytes) {
        fullAt.addAndGet(-costOf(bytes));
    }

    private long costOf(long bytes) {
        double nanos = Math.ceil(bytes * nanosPerByte);
        return nanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) nanos;
    }
}
