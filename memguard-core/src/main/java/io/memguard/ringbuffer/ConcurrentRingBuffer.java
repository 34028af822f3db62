package io.memguard.ringbuffer;

import org.jspecify.annotations.Nullable;

import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * The {@link RingBuffer} for many producers and many consumers, the default: a lock-free array queue with a
 * CAS on both sides. {@link AbstractRingBuffer} adds the policies, watermarks and capacity changes.
 *
 * <h2>Algorithm</h2>
 * The queue is Dmitry Vyukov's bounded MPMC queue. Producers and consumers each own a position that only
 * grows (a {@code long}, so it never wraps in practice); position {@code i} uses slot {@code i & mask} of a
 * power-of-two array. Every slot carries a sequence number that says whose turn it is:
 * <ul>
 * <li>a producer at position {@code p} may use the slot when its sequence is {@code p}; it claims the
 * position with a CAS, stores the item and publishes the sequence {@code p + 1} (release);</li>
 * <li>a consumer at position {@code c} may use the slot when its sequence is {@code c + 1}; it claims the
 * position with a CAS, takes the item, clears the slot and publishes {@code c + length}, handing the slot to
 * the producer one lap later.</li>
 * </ul>
 * A smaller sequence means the thread of the previous turn has claimed the slot but not finished with it; the
 * caller spins for those few instructions. Producers never read the consumer position on the fast path (the
 * producer limit of {@link AbstractRingBuffer} stands in for it) and consumers never read the producer
 * position, so the two sides share only the slots. The array has at least two slots: with one,
 * {@code p + 1} and {@code c + length} would be the same number, and a producer could take a slot whose item
 * its consumer has claimed but not yet read (a capacity of 1 is enforced by the capacity check, not by the
 * array). Dropping the oldest item is an ordinary consumer claim, so {@link OverflowPolicy#DROP_OLDEST}
 * costs nothing extra here. When a segment is closed for growing, a consumer that finds the slot of the
 * closing position not yet produced moves on to the next segment.
 *
 * @param <T> the type of items
 */
final class ConcurrentRingBuffer<T> extends AbstractRingBuffer<T> {

    ConcurrentRingBuffer(RingBuffer.Builder<T> builder, int maxCapacity) {
        super(builder, maxCapacity);
    }

    @Override
    public RingBuffer.OfferOutcome offer(T item) {
        return tryEnqueue(requireItem(item)) ? accepted() : offerToFullBuffer(item);
    }

    @Override
    boolean tryEnqueue(Object item) {
        for (;;) {
            RingSegment segment = tail;
            long position = segment.producerPosition();
            int room = room(segment, position);
            if (room == FULL) {
                return false;
            }
            if (room == RETRY) {
                continue;
            }
            int relative = (int) (position - segment.base);
            int slot = relative & segment.mask;
            int turn = segment.sequence(slot) - relative;
            if (turn == 0) {
                if (segment.casProducerPosition(position, position + 1)) {
                    segment.putElement(slot, item);
                    segment.releaseSequence(slot, relative + 1);
                    if (room == CLAIM_AFTER_LOOKING) {
                        afterSlowClaim(position);
                    }
                    return true;
                }
            }
            else if (turn < 0) {
                // The consumer of the previous lap has claimed this slot and not yet cleared it.
                Thread.onSpinWait();
            }
            // Otherwise another producer claimed this position first: try the next one.
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T poll() {
        return (T) tryDequeue();
    }

    @Override
    @Nullable Object tryDequeue() {
        for (;;) {
            RingSegment segment = head;
            long position = segment.consumerPosition();
            int relative = (int) (position - segment.base);
            int slot = relative & segment.mask;
            int turn = segment.sequence(slot) - (relative + 1);
            if (turn == 0) {
                if (segment.casConsumerPosition(position, position + 1)) {
                    Object item = segment.element(slot);
                    segment.putElement(slot, null);
                    segment.releaseSequence(slot, relative + segment.length());
                    afterDequeue(segment, position + 1);
                    return item;
                }
            }
            else if (turn < 0) {
                long produced = segment.producerPosition();
                if (produced >= RingSegment.CLOSED) {
                    if (position == produced - RingSegment.CLOSED) {
                        advanceHead(segment);
                        continue;
                    }
                }
                else if (position >= produced) {
                    return null;
                }
                // The producer of this position has claimed the slot and not yet published its item.
                Thread.onSpinWait();
            }
            // Otherwise another consumer took this position first: try the next one.
        }
    }

    @Override
    int[] newSequences(int length) {
        return RingSegment.newSequences(length);
    }

    @Override
    boolean handOffIsFenced() {
        return true;
    }
}
