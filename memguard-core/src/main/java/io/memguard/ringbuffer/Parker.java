package io.memguard.ringbuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * How a {@link RingBuffer} reads time and parks the threads that wait on it: {@link System#nanoTime()} and
 * {@link LockSupport} in production, a test's own clock in tests, so that a timeout can be driven
 * deterministically instead of slept through.
 *
 * <p>A waiting thread always re-checks the buffer after {@link #parkNanos} returns, so an implementation may
 * return early (spuriously) at any time.
 */
interface Parker {

    /**
     * The current value of a monotonic nanosecond clock, as {@link System#nanoTime()}.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();

    /**
     * Parks the current thread for at most {@code nanos}, or until {@link #unpark} is called for it.
     *
     * @param blocker the object the thread waits on, for thread dumps
     * @param nanos   the longest time to wait; {@link Long#MAX_VALUE} means no limit
     */
    void parkNanos(Object blocker, long nanos);

    /**
     * Makes {@code thread} return from {@link #parkNanos}, or not park at its next call.
     *
     * @param thread a thread that may be parked
     */
    void unpark(Thread thread);

    /**
     * The parker for production: {@link System#nanoTime()} and {@link LockSupport}.
     *
     * @return the system parker
     */
    static Parker system() {
        return SystemParker.INSTANCE;
    }
}
