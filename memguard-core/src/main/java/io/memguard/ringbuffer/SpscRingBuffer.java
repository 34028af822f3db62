package io.memguard.ringbuffer;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The {@link RingBuffer} for one producer and one consumer ({@link RingBuffer.Builder#singleProducer()} and
 * {@link RingBuffer.Builder#singleConsumer()}): no CAS on either side, only ordered stores and plain loads.
 * The consumer side is {@link SingleConsumerRingBuffer}'s; {@link AbstractRingBuffer} adds the policies,
 * watermarks and capacity changes.
 *
 * <h2>Algorithm</h2>
 * The producer owns its position; nobody else writes it (but to close a segment for growing, which the
 * producer does itself, under {@link OverflowPolicy#RESIZE}), so it reads it with a plain load. To add an
 * item at position {@code p} it stores the item into slot {@code p & mask} with a release store, then moves
 * its position to {@code p + 1} with another release store, for {@link #size()} and the low watermark. It
 * does not look at the consumer position on this path: the cached producer limit of
 * {@link AbstractRingBuffer}, below which the slots are known to be free, stands in for it, and only
 * crossing the limit reads the consumer position again ({@code enqueueAfterLooking}, a method of its own so
 * that the common offer stays a few loads and two stores), as JCTools' single-producer queues cache the
 * consumer index. The consumer finds the item by its slot alone. So in the steady state the two threads
 * share the slots and, every few dozen items, one read of the other's position.
 *
 * <p>When the segment's slot at the consumer position is empty, the buffer is empty unless the segment has
 * been closed for growing ({@link #mayStillFill}): the producer stores every item of a segment before it
 * closes it, so a closed segment with an empty slot at the consumer position is drained, and the consumer
 * moves on. The consumer thus never reads the producer position to poll, not even an empty buffer.
 *
 * <h2>A second producer</h2>
 * Two threads offering at once would store into the same slot and lose an item. That is a misuse of the
 * declaration, not checked on the fast path; with assertions enabled ({@code -ea}), {@link SingleThreadedSide}
 * detects two threads inside an offer at the same moment and throws an {@link AssertionError}.
 *
 * @param <T> the type of items
 */
final class SpscRingBuffer<T> extends SingleConsumerRingBuffer<T> {

    private final SingleThreadedSide producer;

    SpscRingBuffer(RingBuffer.Builder<T> builder, int maxCapacity) {
        super(builder, maxCapacity);
        this.producer = new SingleThreadedSide(builder.name, "singleProducer()");
    }

    @Override
    public RingBuffer.OfferOutcome offer(T item) {
        return tryEnqueue(requireItem(item)) ? accepted() : offerToFullBuffer(item);
    }

    @Override
    boolean tryEnqueue(Object item) {
        assert producer.enter();
        try {
            RingSegment segment = tail;
            long position = segment.ownProducerPosition();
            if (position < segment.producerLimit()) {
                publish(segment, position, item);
                return true;
            }
            return enqueueAfterLooking(item);
        }
        finally {
            assert producer.leave();
        }
    }

    /** The producer's slow path: at or past the producer limit, {@link #room} looks at the consumer position. */
    private boolean enqueueAfterLooking(Object item) {
        for (;;) {
            RingSegment segment = tail;
            long position = segment.ownProducerPosition();
            int room = room(segment, position);
            if (room == FULL) {
                return false;
            }
            if (room == RETRY) {
                // Not reached: only this producer closes segments, and it moves to the next one as it does.
                continue;
            }
            publish(segment, position, item);
            if (room == CLAIM_AFTER_LOOKING) {
                afterSlowClaim(position);
            }
            return true;
        }
    }

    private static void publish(RingSegment segment, long position, Object item) {
        segment.releaseItem(position, item);
        segment.releaseProducerPosition(position + 1);
    }

    @Override
    boolean mayStillFill(RingSegment segment, long position) {
        // The producer links the next segment right after closing this one.
        return segment.next() != null;
    }
}
