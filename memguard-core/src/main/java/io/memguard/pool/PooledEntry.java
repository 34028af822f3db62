package io.memguard.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

import io.memguard.internal.IdentityIndex;

/**
 * What a pool knows about one of its objects, for the object's whole life in the pool: found again on return
 * through the pool's identity index, so that return allocates nothing. States move IDLE to BORROWED when lent,
 * BORROWED to IDLE on return (a compare-and-set, which is what detects a second return), and to DESTROYED when
 * the pool lets the object go.
 *
 * <h2>One word for the state and the abandoned-object watch</h2>
 * The state shares one {@code long} with what abandoned-object detection knows of the current borrow: when a
 * detection first saw it, and whether it was reported. Detections run at once on the scheduler and on every
 * exhausted borrower, so each of them reads the word ({@link #watch()}), decides, and acts with a compare-and-set
 * from the very value it read: it acts only if nothing happened in between. So two detections never both report a
 * borrow, a borrow returned meanwhile is not reported, and a stamp or a report meant for one borrow never lands on
 * the next borrow of the same object, because every lend changes the word's lend count (even when the next borrow
 * is, like this one, not seen yet). The lend count wraps after 2^21 lends: a detection would have to stall that
 * many lends of one object between its read and its compare-and-set to take one borrow for another.
 * <pre>
 * bits  0-1   state: IDLE, BORROWED or DESTROYED
 * bit   2     reported abandoned (the current borrow)
 * bits  3-23  lend count, modulo 2^21
 * bits 24-63  when detection first saw the current borrow, in ms since the pool's origin, plus one; 0 if not yet
 * </pre>
 */
final class PooledEntry<T> implements IdentityIndex.Entry {

    static final int IDLE = 0;

    static final int BORROWED = 1;

    static final int DESTROYED = 2;

    /** The latest first-seen time a word can hold, in ms since the pool's origin: about 34 years. */
    static final long LATEST_SEEN = (1L << 40) - 2;

    private static final long STATE_BITS = 0b11;

    private static final long REPORTED = 0b100;

    private static final int LENDS_SHIFT = 3;

    private static final long LENDS_BITS = ((1L << 21) - 1) << LENDS_SHIFT;

    private static final int SEEN_SHIFT = 24;

    private static final VarHandle WORD;

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(PooledEntry.class, "word", long.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final T object;

    private final int keyHash;

    /** The name of the thread of the current borrow, written by the borrower before {@link #lend()} publishes. */
    @Nullable String borrowingThread;

    /** The stack of the current borrow, when the pool records it. */
    @Nullable Throwable borrowOrigin;

    @SuppressWarnings("unused") // through WORD
    private volatile long word;

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

    /**
     * Lends the object as a new borrow, not seen by any detection: the caller took this entry exclusively from the
     * idle queue, a hot slot or creation, so no other thread changes the word now.
     */
    void lend() {
        long lends = ((long) WORD.getAcquire(this) + (1L << LENDS_SHIFT)) & LENDS_BITS;
        WORD.setRelease(this, lends | BORROWED);
    }

    /** The one transition that may race with itself (an object returned twice at once): exactly one wins. */
    boolean giveBack() {
        for (;;) {
            long current = watch();
            if (stateOf(current) != BORROWED) {
                return false;
            }
            // Fails, and is tried again, only if a detection stamped or reported the borrow meanwhile.
            if (WORD.compareAndSet(this, current, (current & LENDS_BITS) | IDLE)) {
                return true;
            }
        }
    }

    /** Marks an idle entry the pool let go; no detection acts on a word that is not BORROWED. */
    void destroyed() {
        WORD.setRelease(this, (watch() & LENDS_BITS) | DESTROYED);
        borrowOrigin = null;
    }

    int state() {
        return stateOf(watch());
    }

    /** The word, to decide on and then to act on with {@link #markSeen} or {@link #markReported}. */
    long watch() {
        return (long) WORD.getAcquire(this);
    }

    /** Stamps the borrow of {@code watch} as first seen at {@code at}, if the word is still {@code watch}. */
    boolean markSeen(long watch, long at) {
        long seen = Math.min(Math.max(at, 0), LATEST_SEEN) + 1;
        return WORD.compareAndSet(this, watch, watch | (seen << SEEN_SHIFT));
    }

    /** Marks the borrow of {@code watch} reported, if the word is still {@code watch}: one caller wins. */
    boolean markReported(long watch) {
        return WORD.compareAndSet(this, watch, watch | REPORTED);
    }

    static int stateOf(long watch) {
        return (int) (watch & STATE_BITS);
    }

    static boolean isReported(long watch) {
        return (watch & REPORTED) != 0;
    }

    static boolean isSeen(long watch) {
        return watch >>> SEEN_SHIFT != 0;
    }

    /** When the borrow of a {@linkplain #isSeen seen} word was first seen, in ms since the pool's origin. */
    static long seenAt(long watch) {
        return (watch >>> SEEN_SHIFT) - 1;
    }
}
