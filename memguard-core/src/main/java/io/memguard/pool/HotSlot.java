package io.memguard.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

import org.jspecify.annotations.Nullable;

/**
 * One idle object a thread keeps aside for its own next borrow, so that a thread that borrows and returns in turn
 * touches only its own memory instead of the pool's shared queue.
 *
 * <p>Only the owning thread fills the slot ({@link #keep}), and only when it is empty, so its check needs no
 * atomic step; any thread may empty it ({@link #take}) with a compare-and-set: the owner for its next borrow, a
 * waiting borrower that steals, a trim. {@link #keep} is a volatile write, so that the returning thread's later
 * read of the pool's waiter count cannot pass it: either a waiter counted itself before and is signalled, or it
 * sees the kept object when it scans the slots.
 *
 * <p>The slot also counts its owner's borrows, so that the borrow path adds to no shared counter: only the owner
 * writes the count (an opaque store, no atomic step), statistics read it without a lock, a few borrows late at
 * most but never torn.
 */
final class HotSlot<T> {

    private static final VarHandle ENTRY;

    private static final VarHandle BORROWS;

    static {
        try {
            ENTRY = MethodHandles.lookup().findVarHandle(HotSlot.class, "entry", PooledEntry.class);
            BORROWS = MethodHandles.lookup().findVarHandle(HotSlot.class, "borrows", long.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final WeakReference<Thread> owner;

    private volatile @Nullable PooledEntry<T> entry;

    @SuppressWarnings("unused") // through BORROWS
    private long borrows;

    HotSlot(Thread owner) {
        this.owner = new WeakReference<>(owner);
    }

    /** Takes the kept object, if there is one; safe from any thread. */
    @SuppressWarnings("unchecked")
    @Nullable PooledEntry<T> take() {
        PooledEntry<T> kept = entry;
        return kept != null && ENTRY.compareAndSet(this, kept, null) ? kept : null;
    }

    /** Keeps an idle object if the slot is empty; owner only. */
    boolean keep(PooledEntry<T> idle) {
        if (entry != null) {
            return false;
        }
        entry = idle;
        return true;
    }

    /** Counts one borrow by the owner; owner only. */
    void countBorrow() {
        BORROWS.setOpaque(this, (long) BORROWS.getOpaque(this) + 1);
    }

    /** The owner's borrows so far; safe from any thread. */
    long borrows() {
        return (long) BORROWS.getOpaque(this);
    }

    boolean holdsOne() {
        return entry != null;
    }

    boolean ownerEnded() {
        Thread thread = owner.get();
        return thread == null || !thread.isAlive();
    }
}
