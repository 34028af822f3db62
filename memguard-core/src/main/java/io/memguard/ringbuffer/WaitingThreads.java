package io.memguard.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads parked on one side of a ring buffer (producers waiting for room, or consumers waiting for
 * items), with a count that the other side reads on every operation.
 *
 * <p>Waking costs nothing while nobody waits: one volatile read of the count, or of a word of the buffer
 * that a waiter updates right after the count (the buffer's {@code waitingProducerCount} and
 * {@code waitingConsumerCount}, so that an offer or a take reads a field of the buffer itself); the argument
 * below holds for that word as for the count. No wake-up is lost because
 * both sides follow the same order of volatile accesses: a waiter registers (writes the count) and then
 * re-checks the buffer's positions; the other side moves a position (a CAS) and then reads the count. Of
 * two such threads, at least one sees the other's write, so either the waiter sees the room or item, or the
 * other side sees the waiter and unparks it (an unpark before the park makes the park return at once).
 *
 * <p>That needs the other side's move to be a full fence, as a CAS is. A side that moves its position with a
 * plain ordered store (the single-producer and single-consumer buffers) may read the count before its store
 * is visible, and so miss a waiter that registered at that moment; {@link AbstractRingBuffer} bounds the
 * waiter's first park for those buffers, after which the store is visible and every later move sees the
 * waiter. A fence on every offer or poll would cost about what the CAS it replaces did.
 */
final class WaitingThreads {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(WaitingThreads.class, "count", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int count;

    /** Registers the current thread; call {@link #leave()} in a finally block. */
    void enter() {
        threads.add(Thread.currentThread());
        COUNT.getAndAdd(this, 1);
    }

    void leave() {
        COUNT.getAndAdd(this, -1);
        threads.remove(Thread.currentThread());
    }

    /** Unparks every registered thread; each re-checks the buffer and parks again if it must. */
    void wakeAll(Parker parker) {
        if ((int) COUNT.getVolatile(this) != 0) {
            for (Thread thread : threads) {
                parker.unpark(thread);
            }
        }
    }
}
