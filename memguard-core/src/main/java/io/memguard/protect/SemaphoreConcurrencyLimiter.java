package io.memguard.protect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.memguard.pressure.MemoryPressureLevel;

/*
 * A fair java.util.concurrent.Semaphore holds the permits. Resizing works on the semaphore's own count:
 * growing releases the extra permits, shrinking removes them with reducePermits, which may drive the count
 * below zero while more work runs than the new limit allows; acquirers then wait until enough permits came
 * back. No running work is ever cut short, and no permit is created or lost by a resize, so after every
 * holder released, the semaphore holds exactly the current limit again.
 *
 * Resizes are serialized by a lock so that each applies its delta to the limit the previous one left.
 * The acquire path takes no lock: the fast path is a fair zero-timeout tryAcquire (which, unlike the
 * untimed tryAcquire, does not barge past waiting threads); only when it fails is the wait timed and
 * counted. In-flight work is counted separately to detect releases without an acquire.
 */
final class SemaphoreConcurrencyLimiter implements AdaptiveConcurrencyLimiter {

    private final String name;

    private final int minLimit;

    private final int maxLimit;

    private final MemoryPressureLevel shrinkFrom;

    private final LongSupplier ticker;

    private final ResizableSemaphore permits;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final LongAdder waits = new LongAdder();

    private final LongAdder waitNanos = new LongAdder();

    private final Object resizeLock = new Object();

    private volatile int limit;

    private volatile boolean followsAdmission;

    SemaphoreConcurrencyLimiter(String name, int minLimit, int maxLimit, MemoryPressureLevel shrinkFrom,
            LongSupplier ticker) {
        this.name = name;
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
        this.shrinkFrom = shrinkFrom;
        this.ticker = ticker;
        this.permits = new ResizableSemaphore(maxLimit);
        this.limit = maxLimit;
    }

    @Override
    public void acquire() throws InterruptedException {
        if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            long start = ticker.getAsLong();
            try {
                permits.acquire();
            }
            finally {
                recordWait(start);
            }
        }
        inFlight.incrementAndGet();
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            long start = ticker.getAsLong();
            boolean acquired;
            try {
                acquired = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            finally {
                recordWait(start);
            }
            if (!acquired) {
                return false;
            }
        }
        inFlight.incrementAndGet();
        return true;
    }

    private void recordWait(long start) {
        waits.increment();
        waitNanos.add(ticker.getAsLong() - start);
    }

    @Override
    public void release() {
        int held;
        do {
            held = inFlight.get();
            if (held == 0) {
                throw new IllegalStateException("release() without a matching acquire on concurrency limiter '"
                        + name + "'");
            }
        }
        while (!inFlight.compareAndSet(held, held - 1));
        permits.release();
    }

    @Override
    public void update(MemoryPressureLevel level) {
        resize(AdaptiveConcurrencyLimiter.limitFor(level, minLimit, maxLimit, shrinkFrom));
    }

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        if (!followsAdmission) {
            update(current);
        }
    }

    @Override
    public void follow(double openness) {
        followsAdmission = true;
        resize(AdaptiveConcurrencyLimiter.limitFor(openness, minLimit, maxLimit));
    }

    private void resize(int target) {
        synchronized (resizeLock) {
            int delta = target - limit;
            if (delta > 0) {
                permits.release(delta);
            }
            else if (delta < 0) {
                permits.reduce(-delta);
            }
            limit = target;
        }
    }

    @Override
    public Executor wrap(Executor delegate) {
        return new LimitedExecutor(this, delegate, null);
    }

    @Override
    public Executor wrap(Executor delegate, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return new LimitedExecutor(this, delegate, timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int maxLimit() {
        return maxLimit;
    }

    @Override
    public int minLimit() {
        return minLimit;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int waiting() {
        return permits.getQueueLength();
    }

    @Override
    public long waits() {
        return waits.sum();
    }

    @Override
    public long waitNanos() {
        return waitNanos.sum();
    }

    @Override
    public String toString() {
        return "AdaptiveConcurrencyLimiter[name=" + name + ", limit=" + limit + ", inFlight=" + inFlight() + "]";
    }

    /** Exposes {@link Semaphore#reducePermits}, which is protected. */
    private static final class ResizableSemaphore extends Semaphore {

        ResizableSemaphore(int permits) {
            super(permits, true);
        }

        void reduce(int reduction) {
            reducePermits(reduction);
        }
    }
}
