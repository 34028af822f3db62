package io.memguard.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * A spin lock for the threads that take items from a {@link SingleConsumerRingBuffer} under
 * {@link OverflowPolicy#DROP_OLDEST}: its consumer, producers dropping the oldest item, and memory-pressure
 * shrinks. Held for one take, a few dozen instructions, so waiting for it spins rather than parks. It is
 * re-entrant, because a watermark listener or drop handler may call the buffer from inside a take. The lock
 * word sits on a cache line of its own: the consumer writes it on every poll, producers read other fields of
 * the buffer on every offer.
 */
final class TakeLock extends TakeLockOwner {

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(TakeLockOwner.class, "owner", Thread.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Spins before a waiting taker yields its core to the holder, which may have been descheduled. */
    private static final int SPINS_BEFORE_YIELDING = 128;

    long d00, d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15;

    /**
     * Takes the lock, waiting while another thread holds it.
     *
     * @return {@code false} if the current thread held it already (then it must not {@link #unlock()})
     */
    boolean lock() {
        Thread current = Thread.currentThread();
        for (int spins = 0;; spins++) {
            Thread holder = (Thread) OWNER.compareAndExchange(this, null, current);
            if (holder == null) {
                return true;
            }
            if (holder == current) {
                return false;
            }
            if (spins < SPINS_BEFORE_YIELDING) {
                Thread.onSpinWait();
            }
            else {
                Thread.yield();
            }
        }
    }

    void unlock() {
        OWNER.setRelease(this, null);
    }
}

abstract class TakeLockPadding {

    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class TakeLockOwner extends TakeLockPadding {

    @SuppressWarnings("unused") // accessed through TakeLock.OWNER
    volatile @Nullable Thread owner;
}
