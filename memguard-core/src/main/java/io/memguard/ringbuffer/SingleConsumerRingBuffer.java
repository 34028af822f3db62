package io.memguard.ringbuffer;

import org.jspecify.annotations.Nullable;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The consumer side of the buffers declared with {@link RingBuffer.Builder#singleConsumer()}: no CAS to take
 * an item. The producer side is the subclass's: {@link SpscRingBuffer} for one producer, {@link MpscRingBuffer}
 * for many.
 *
 * <h2>Taking an item</h2>
 * The slots carry no sequence numbers: a producer publishes an item with a release store into its slot, so a
 * non-{@code null} slot at the consumer position is an item, complete. The consumer reads its own position
 * with a plain load (it is the only writer, or under DROP_OLDEST the lock orders it after the previous
 * taker), clears the slot with a plain store and then moves its position with a release store; a producer
 * reads that position (acquire) before it reuses the slot one lap later, so it never sees the slot before
 * the clearing. A {@code null} slot means the buffer is empty, unless the subclass says an item may still
 * arrive there ({@link #mayStillFill}): a producer that has claimed the position and not yet stored its item
 * (the consumer spins for those few instructions), or a segment closed for growing, whose closing position
 * sends the consumer on to the next segment. That case has a method of its own ({@code dequeueAtEmptySlot}),
 * so that taking an item stays a short path.
 *
 * <h2>Dropping the oldest item: the honest cost</h2>
 * Under {@link OverflowPolicy#DROP_OLDEST} (as the policy, or as the fallback of RESIZE) other threads than
 * the consumer take items too: a producer that finds the buffer full drops the oldest item, and
 * {@link #adjustTo} drops the items beyond a shrunk capacity. Two threads taking from one slot need an atomic
 * read-modify-write on both sides; a producer cannot recycle the oldest slot itself while the consumer may be
 * reading it, as it has no way to know without one. So under DROP_OLDEST every take, the consumer's included,
 * holds a {@link TakeLock}: one uncontended CAS per poll, and a producer that drops waits at most for one
 * consumer take. The other policies never take from the producer side, and their consumer takes no lock.
 *
 * <h2>A second consumer</h2>
 * Two threads polling at once without the lock would take the same item twice. That is a misuse of the
 * declaration, not checked on the fast path; with assertions enabled ({@code -ea}), {@link SingleThreadedSide}
 * detects two threads inside a take at the same moment and throws an {@link AssertionError}.
 *
 * @param <T> the type of items
 */
abstract class SingleConsumerRingBuffer<T> extends AbstractRingBuffer<T> {

    /** Serialises the takers under DROP_OLDEST; {@code null} under the other policies. */
    private final @Nullable TakeLock takeLock;

    private final SingleThreadedSide consumer;

    SingleConsumerRingBuffer(RingBuffer.Builder<T> builder, int maxCapacity) {
        super(builder, maxCapacity);
        this.takeLock = (fullPolicy == OverflowPolicy.DROP_OLDEST) ? new TakeLock() : null;
        this.consumer = new SingleThreadedSide(builder.name, "singleConsumer()");
    }

    /**
     * Whether an item may still arrive at {@code position}, whose slot the consumer has just found empty: a
     * producer has claimed the position, or the segment is closed.
     */
    abstract boolean mayStillFill(RingSegment segment, long position);

    @Override
    @SuppressWarnings("unchecked")
    public final @Nullable T poll() {
        return (T) tryDequeue();
    }

    @Override
    final @Nullable Object tryDequeue() {
        TakeLock lock = takeLock;
        if (lock == null) {
            assert consumer.enter();
            try {
                return dequeue();
            }
            finally {
                assert consumer.leave();
            }
        }
        boolean locked = lock.lock();
        try {
            return dequeue();
        }
        finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private @Nullable Object dequeue() {
        RingSegment segment = head;
        long position = segment.ownConsumerPosition();
        Object[] slots = segment.elements;
        int slot = segment.slot(position);
        Object item = RingSegment.itemAcquire(slots, slot);
        if (item == null) {
            return dequeueAtEmptySlot(segment, position);
        }
        take(segment, position, slots, slot);
        return item;
    }

    /** The consumer's slow path: the slot at its position is empty, so the buffer may be empty. */
    private @Nullable Object dequeueAtEmptySlot(RingSegment segment, long position) {
        for (;;) {
            if (!mayStillFill(segment, position)) {
                return null;
            }
            long produced = segment.producerPosition();
            if (produced >= RingSegment.CLOSED && position == produced - RingSegment.CLOSED) {
                advanceHead(segment);
            }
            else {
                // A producer has claimed this position and not yet stored its item.
                Thread.onSpinWait();
            }
            segment = head;
            position = segment.ownConsumerPosition();
            Object[] slots = segment.elements;
            int slot = segment.slot(position);
            Object item = RingSegment.itemAcquire(slots, slot);
            if (item != null) {
                take(segment, position, slots, slot);
                return item;
            }
        }
    }

    private void take(RingSegment segment, long position, Object[] slots, int slot) {
        RingSegment.clearItem(slots, slot);
        segment.releaseConsumerPosition(position + 1);
        afterDequeue(segment, position + 1);
    }

    @Override
    final int @Nullable [] newSequences(int length) {
        return null;
    }

    @Override
    final boolean handOffIsFenced() {
        return false;
    }
}
