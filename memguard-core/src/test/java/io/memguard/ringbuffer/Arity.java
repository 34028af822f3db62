package io.memguard.ringbuffer;

/**
 * The producer and consumer declarations a test runs a buffer under, with the numbers of threads each one
 * allows, so that a test uses as many threads on each side as the declaration permits.
 */
enum Arity {

    /** Undeclared: many producers, many consumers ({@link ConcurrentRingBuffer}). */
    MPMC(false, false),

    /** {@code singleConsumer()} ({@link MpscRingBuffer}). */
    MPSC(false, true),

    /** {@code singleProducer().singleConsumer()} ({@link SpscRingBuffer}). */
    SPSC(true, true);

    private final boolean singleProducer;

    private final boolean singleConsumer;

    Arity(boolean singleProducer, boolean singleConsumer) {
        this.singleProducer = singleProducer;
        this.singleConsumer = singleConsumer;
    }

    /** Applies this declaration to {@code builder}. */
    <T> RingBuffer.Builder<T> declare(RingBuffer.Builder<T> builder) {
        if (singleProducer) {
            builder.singleProducer();
        }
        if (singleConsumer) {
            builder.singleConsumer();
        }
        return builder;
    }

    /** The producer threads to use: {@code many}, or one if the declaration allows one. */
    int producers(int many) {
        return singleProducer ? 1 : many;
    }

    /**
     * How long the first park of a waiter lasts when {@code nanos} remain: its positions move without a
     * fence unless both sides are multi, and then the first park is bounded.
     */
    long boundedFirstPark(long nanos) {
        return (this == MPMC) ? nanos : Math.min(nanos, AbstractRingBuffer.RECHECK_NANOS);
    }

    /** The consumer threads to use: {@code many}, or one if the declaration allows one. */
    int consumers(int many) {
        return singleConsumer ? 1 : many;
    }
}
