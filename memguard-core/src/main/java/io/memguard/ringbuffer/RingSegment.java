package io.memguard.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * One power-of-two array of slots of a ring buffer, with the producer and consumer positions that walk it.
 * The algorithms that use it are described in {@link ConcurrentRingBuffer}, {@link SpscRingBuffer} and
 * {@link MpscRingBuffer}; this class only holds the state and gives it memory-ordered accessors.
 *
 * <p>Positions are global across the segments of a buffer: a segment's first position is {@link #base}.
 * {@link ConcurrentRingBuffer} uses slot {@code (p - base) & mask} for position {@code p}, the single-consumer
 * buffers slot {@code p & mask} ({@link #slot}). In a segment of {@link ConcurrentRingBuffer}, every slot also has a sequence number
 * relative to that base: {@code r} when the slot is free for the producer of relative position {@code r},
 * {@code r + 1} once that producer has published its item, and {@code r + length} once a consumer has taken
 * the item out. Sequences are {@code int}s, compared by the sign of their wrapping difference (which never
 * exceeds the length), so that a cache line holds as many sequences as it holds element references. The
 * single-consumer buffers have no sequences: there the item itself, published with a release store, says
 * that the slot is full.
 *
 * <p>The producer fields and the consumer fields are written constantly by different threads, so each group
 * is padded onto its own cache lines (the superclass chain fixes the field order).
 */
final class RingSegment extends RingSegmentConsumerPadding {

    /** Added to the producer position to close a segment: no producer can claim a slot of it any more. */
    static final long CLOSED = 1L << 62;

    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle PRODUCER_POSITION;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_POSITION;
    private static final VarHandle LOW_WATERMARK_CHECK_AT;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_POSITION = lookup.findVarHandle(RingSegmentProducerFields.class, "producerPosition", long.class);
            PRODUCER_LIMIT = lookup.findVarHandle(RingSegmentProducerFields.class, "producerLimit", long.class);
            CONSUMER_POSITION = lookup.findVarHandle(RingSegmentConsumerFields.class, "consumerPosition", long.class);
            LOW_WATERMARK_CHECK_AT = lookup.findVarHandle(RingSegmentConsumerFields.class, "lowWatermarkCheckAt",
                    long.class);
            NEXT = lookup.findVarHandle(RingSegment.class, "next", RingSegment.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The segment producers moved on to when this one was closed; set once, right after closing. */
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile @Nullable RingSegment next;

    /**
     * Creates a segment whose first slot is used by global position {@code base}.
     *
     * @param base      the global position of relative position 0
     * @param sequences from {@link #newSequences}, used by no other segment; {@code null} for a buffer
     *                  whose slots need no sequence
     * @param elements  all {@code null}, a power of two long (as long as {@code sequences}), used by no
     *                  other segment
     */
    RingSegment(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
        PRODUCER_POSITION.setRelease(this, base);
        CONSUMER_POSITION.setRelease(this, base);
        // 0: the first take from this segment checks the low watermark, and sets the next check position.
        LOW_WATERMARK_CHECK_AT.setRelease(this, 0L);
    }

    /**
     * The sequence numbers of a fresh segment: every slot free for its first relative position.
     *
     * @param length a power of two
     * @return the initial sequences
     */
    static int[] newSequences(int length) {
        int[] sequences = new int[length];
        for (int slot = 0; slot < length; slot++) {
            sequences[slot] = slot;
        }
        return sequences;
    }

    int length() {
        return mask + 1;
    }

    int sequence(int slot) {
        return (int) SEQUENCES.getAcquire(sequences, slot);
    }

    void releaseSequence(int slot, int sequence) {
        SEQUENCES.setRelease(sequences, slot, sequence);
    }

    @Nullable Object element(int slot) {
        return ELEMENTS.get(elements, slot);
    }

    void putElement(int slot, @Nullable Object element) {
        ELEMENTS.set(elements, slot, element);
    }

    /*
     * The single-consumer buffers address a slot by its global position alone: position p uses slot
     * p & mask, whatever the segment's base, since any length consecutive positions use every slot once.
     * That saves reading the base and subtracting it on every offer and poll. The slot is masked with the
     * segment's final mask field, read beside the array reference, and not with the array's length - 1: the
     * length can only be read once the array reference has been, which put one more dependent load before
     * every item's address (the offer and poll of an SPSC ring on one thread were about a sixth slower so; the
     * range check the mask leaves in place runs beside the access, not before it). The consumer keeps the
     * array and the slot in locals across its acquire load, after which fields would have to be read again.
     */

    /** The slot of {@code position} in a single-consumer buffer's segment: see the comment above. */
    int slot(long position) {
        return (int) position & mask;
    }

    /** Reads the item in a slot, published by {@link #releaseItem}, with everything written before it. */
    static @Nullable Object itemAcquire(@Nullable Object[] slots, int slot) {
        return ELEMENTS.getAcquire(slots, slot);
    }

    /**
     * Empties a slot, by its only taker, before it moves the consumer position past it. A plain array store:
     * storing {@code null} needs no type check, and the release store of the consumer position publishes it.
     */
    static void clearItem(@Nullable Object[] slots, int slot) {
        slots[slot] = null;
    }

    /** Publishes an item: a reader that sees it also sees every write made before it (an ordered store). */
    void releaseItem(long position, Object item) {
        ELEMENTS.setRelease(elements, slot(position), item);
    }

    long producerPosition() {
        return (long) PRODUCER_POSITION.getVolatile(this);
    }

    /**
     * The producer position read by the only thread that writes it (the producer of a single-producer
     * buffer): a plain read, which sees that thread's own last write.
     */
    long ownProducerPosition() {
        return (long) PRODUCER_POSITION.get(this);
    }

    /** Moves the producer position of a buffer with one producer: an ordered store, no CAS. */
    void releaseProducerPosition(long position) {
        PRODUCER_POSITION.setRelease(this, position);
    }

    boolean casProducerPosition(long expected, long position) {
        return PRODUCER_POSITION.compareAndSet(this, expected, position);
    }

    /** A position below which a producer may claim a slot without re-reading the consumer position. */
    long producerLimit() {
        return (long) PRODUCER_LIMIT.getAcquire(this);
    }

    void producerLimit(long limit) {
        PRODUCER_LIMIT.setVolatile(this, limit);
    }

    long consumerPosition() {
        return (long) CONSUMER_POSITION.getVolatile(this);
    }

    /**
     * The consumer position read by a thread that writes it with no other writer at the same moment (the
     * consumer of a single-consumer buffer, or a taker holding its {@link TakeLock}, whose acquisition orders
     * it after the previous taker's write): a plain read.
     */
    long ownConsumerPosition() {
        return (long) CONSUMER_POSITION.get(this);
    }

    /** Moves the consumer position of a buffer with one consumer: an ordered store, no CAS. */
    void releaseConsumerPosition(long position) {
        CONSUMER_POSITION.setRelease(this, position);
    }

    boolean casConsumerPosition(long expected, long position) {
        return CONSUMER_POSITION.compareAndSet(this, expected, position);
    }

    /**
     * The consumer position at which a take checks the low watermark next (see
     * {@code AbstractRingBuffer.checkLowWatermark}): {@link Long#MAX_VALUE} while the buffer is not pressured.
     * Read by every take, so it sits on the consumer's own cache line; other threads write it only to reset it.
     */
    long lowWatermarkCheckAt() {
        return (long) LOW_WATERMARK_CHECK_AT.getAcquire(this);
    }

    /** Sets the check position, with a volatile write: see {@code AbstractRingBuffer.checkLowWatermark}. */
    void lowWatermarkCheckAt(long position) {
        LOW_WATERMARK_CHECK_AT.setVolatile(this, position);
    }

    @Nullable RingSegment next() {
        return (RingSegment) NEXT.getVolatile(this);
    }

    void next(RingSegment segment) {
        NEXT.setVolatile(this, segment);
    }
}

/** The fields every thread reads and nobody writes after construction. */
abstract class RingSegmentFields {

    /** The global position of this segment's first slot use. */
    final long base;

    final int mask;

    final int @Nullable [] sequences;

    final Object[] elements;

    RingSegmentFields(long base, int @Nullable [] sequences, Object[] elements) {
        this.base = base;
        this.mask = elements.length - 1;
        this.sequences = sequences;
        this.elements = elements;
    }
}

abstract class RingSegmentFieldsPadding extends RingSegmentFields {

    long a00, a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12, a13, a14, a15;

    RingSegmentFieldsPadding(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
    }
}

/** Written by producers only. */
abstract class RingSegmentProducerFields extends RingSegmentFieldsPadding {

    volatile long producerPosition;

    volatile long producerLimit;

    RingSegmentProducerFields(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
    }
}

abstract class RingSegmentProducerPadding extends RingSegmentProducerFields {

    long b00, b01, b02, b03, b04, b05, b06, b07, b08, b09, b10, b11, b12, b13, b14, b15;

    RingSegmentProducerPadding(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
    }
}

/** Written by consumers only. */
abstract class RingSegmentConsumerFields extends RingSegmentProducerPadding {

    volatile long consumerPosition;

    volatile long lowWatermarkCheckAt;

    RingSegmentConsumerFields(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
    }
}

abstract class RingSegmentConsumerPadding extends RingSegmentConsumerFields {

    long c00, c01, c02, c03, c04, c05, c06, c07, c08, c09, c10, c11, c12, c13, c14, c15;

    RingSegmentConsumerPadding(long base, int @Nullable [] sequences, Object[] elements) {
        super(base, sequences, elements);
    }
}
