package io.memguard.ringbuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link Parker} backed by {@link System#nanoTime()} and {@link LockSupport}.
 */
enum SystemParker implements Parker {

    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        if (nanos == Long.MAX_VALUE) {
            LockSupport.park(blocker);
        }
        else {
            LockSupport.parkNanos(blocker, nanos);
        }
    }

    @Override
    public void unpark(Thread thread) {
        LockSupport.unpark(thread);
    }
}
