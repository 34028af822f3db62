package io.memguard.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.internal.IdentityIndex;

/**
 * What a pool knows about one of its buffers, for the buffer's whole life: made once when the buffer is created,
 * reused by every acquisition of it, so that acquire and release allocate nothing.
 *
 * <p>The slot refers to its buffer weakly. While the pool retains the buffer, {@link #retained} holds it strongly
 * as well; while it is acquired, only its holder does, so a buffer the holder drops is collected and the slot is
 * enqueued on the {@link LeakReaper}'s queue. States move FREE to ACQUIRED on hand-out, ACQUIRED to FREE on release
 * (a compare-and-set, which is what detects a second release), and to GONE when the pool lets the buffer go or
 * the collector takes it.
 */
final class Slot extends WeakReference<ByteBuffer> implements IdentityIndex.Entry {

    static final int FREE = 0;

    static final int ACQUIRED = 1;

    static final int GONE = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Bucket bucket;

    final int capacity;

    private final int keyHash;

    /** The buffer, while the pool retains it; {@code null} while acquired. */
    @Nullable ByteBuffer retained;

    /** Where the current acquisition came from, when leak detection recorded it. */
    @Nullable LeakOrigin origin;

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    Slot(ByteBuffer buffer, Bucket bucket) {
        super(buffer, LeakReaper.queue());
        this.bucket = bucket;
        this.capacity = buffer.capacity();
        this.keyHash = IdentityIndex.hash(buffer);
        this.retained = buffer;
    }

    @Override
    public boolean isFor(Object key) {
        return refersTo((ByteBuffer) key);
    }

    @Override
    public int keyHash() {
        return keyHash;
    }

    /** Hands the buffer out: the caller took this slot exclusively from a cache, a queue or creation. */
    ByteBuffer handOut() {
        // Every path to a handed-out slot (a cache, a queue, creation) went through a slot that retains its buffer.
        ByteBuffer buffer = Objects.requireNonNull(retained, "a slot is handed out only while it retains its buffer");
        retained = null;
        STATE.setRelease(this, ACQUIRED);
        return buffer;
    }

    /** The one transition that may race with itself (a buffer released twice at once): exactly one wins. */
    boolean release() {
        return STATE.compareAndSet(this, ACQUIRED, FREE);
    }

    /** Marks a slot the collector enqueued as gone, if it was still acquired. */
    boolean collect() {
        return STATE.compareAndSet(this, ACQUIRED, GONE);
    }

    /** Lets the buffer go: it will never be handed out again nor reported as a leak. */
    void discard() {
        STATE.setRelease(this, GONE);
        retained = null;
        origin = null;
        clear();
    }

    int state() {
        return (int) STATE.getAcquire(this);
    }
}
