package io.memguard.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.memguard.internal.IdentityIndex;

/**
 * What a pool knows about one of its objects, for the object's whole life in the pool: found again on return
 * through the pool's identity index, so that return allocates nothing. States move IDLE to BORROWED when lent,
 * BORROWED to IDLE on return (a compare-and-set, which is what detects a second return), and to DESTROYED when
 * the pool lets the object go.
 */
final class PooledEntry<T> implements IdentityIndex.Entry {

    static final int IDLE = 0;

    static final int BORROWED = 1;

    static final int DESTROYED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PooledEntry.class, "state", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final T object;

    private final int keyHash;

    /** {@link #seenBorrowedSince} of a borrow no detection has seen yet. */
    static final long NOT_SEEN = Long.MIN_VALUE;

    /**
     * When abandoned-object detection first saw the current borrow, in the pool clock's milliseconds, or
     * {@link #NOT_SEEN}; cleared by each borrow before the state is published.
     */
    long seenBorrowedSince = NOT_SEEN;

    String borrowingThread;

    /** The stack of the current borrow, when the pool records it. */
    Throwable borrowOrigin;

    /** Whether the current borrow was reported abandoned; reset by the next borrow. */
    boolean abandonReported;

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    PooledEntry(T object) {
        this.object = object;
        this.keyHash = IdentityIndex.hash(object);
    }

    @Override
    public boolean isFor(Object key) {
        return key == object;
    }

    @Override
    public int keyHash() {
        return keyHash;
    }

    /** Lends the object: the caller took this entry exclusively from the idle queue or from creation. */
    void lend() {
        STATE.setRelease(this, BORROWED);
    }

    /** The one transition that may race with itself (an object returned twice at once): exactly one wins. */
    boolean giveBack() {
        return STATE.compareAndSet(this, BORROWED, IDLE);
    }

    void destroyed() {
        STATE.setRelease(this, DESTROYED);
        borrowOrigin = null;
    }

    int state() {
        return (int) STATE.getAcquire(this);
    }
}
