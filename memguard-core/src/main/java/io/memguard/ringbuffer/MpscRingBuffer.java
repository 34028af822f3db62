package io.memguard.ringbuffer;

/**
 * The {@link RingBuffer} for many producers and one consumer ({@link RingBuffer.Builder#singleConsumer()}
 * alone): a CAS on the producer side only. The consumer side is {@link SingleConsumerRingBuffer}'s;
 * {@link AbstractRingBuffer} adds the policies, watermarks and capacity changes.
 *
 * <h2>Algorithm</h2>
 * Producers claim a position {@code p} with a CAS on the producer position, then store their item into slot
 * {@code p & mask} with a release store. Below the cached producer limit of {@link AbstractRingBuffer} the
 * slot is known to be free (the consumer cleared it before moving past it), so a producer neither reads the
 * consumer position nor checks the slot; only crossing the limit reads the consumer position again, as
 * JCTools' multi-producer queues cache the consumer index. Claims and stores can finish out of order, so
 * between a producer's claim and its store the slot is empty while positions after it may be full: when the
 * consumer finds the slot at its position empty it reads the producer position, and a position below it
 * ({@link #mayStillFill}) means an item is on its way and worth a spin; a closed producer position means the
 * segment was closed for growing. Compared with {@link ConcurrentRingBuffer} the consumer saves its CAS and
 * the slots their sequence numbers (one array instead of two).
 *
 * @param <T> the type of items
 */
final class MpscRingBuffer<T> extends SingleConsumerRingBuffer<T> {

    MpscRingBuffer(RingBuffer.Builder<T> builder, int maxCapacity) {
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
            if (room != RETRY && segment.casProducerPosition(position, position + 1)) {
                segment.releaseItem(position, item);
                if (room == CLAIM_AFTER_LOOKING) {
                    afterSlowClaim(position);
                }
                return true;
            }
            // The segment was closed, or another producer claimed this position first: try again.
        }
    }

    @Override
    boolean mayStillFill(RingSegment segment, long position) {
        long produced = segment.producerPosition();
        return produced >= RingSegment.CLOSED || position < produced;
    }
}
