package io.memguard.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.ringbuffer.RingBuffer.DropReason;
import io.memguard.ringbuffer.RingBuffer.OverflowPolicy;

/**
 * What every {@link RingBuffer} does whatever its number of producers and consumers: the overflow policies,
 * the watermarks, the capacity that memory pressure shrinks and {@link OverflowPolicy#RESIZE} grows, waiting,
 * and the counters. A subclass supplies one algorithm, in two methods: {@link #tryEnqueue} adds an item if
 * the effective capacity allows, {@link #tryDequeue} takes the oldest one; its final class also implements
 * {@code offer} and {@code poll} around them (see the comment above {@link #requireItem}). Both work on a chain of
 * {@link RingSegment}s with global positions, so that the size is always the producer position minus the
 * consumer position.
 *
 * <h2>Capacity, high-water mark and watermarks without a per-item cost</h2>
 * The effective capacity can be below the array length (a capacity that is not a power of two, or a capacity
 * shrunk by memory pressure). Producers therefore cache a <em>producer limit</em>: a position below which they
 * may claim slots without looking at the consumer position. Because the consumer position only grows, a stale
 * consumer position over-estimates the size, so the limit is safe. It is refreshed on the slow path
 * ({@link #refreshProducerLimit}), where the producer reads the consumer position and checks the capacity and
 * the high watermark; once its claim has succeeded it reads the consumer position again and records the
 * high-water mark (read after the claim, the size can only be under-counted, so the mark never exceeds a size
 * the buffer really had). The limit lets the fast path neither exceed the capacity, nor cross the high
 * watermark unseen, nor pass the high-water mark once that is above {@link #EXACT_HIGH_WATER_MARK_FROM} items
 * (below it, tracking every new peak would make nearly every offer read the consumer position, so small
 * peaks are sampled). Consumers check the low watermark only at the consumer position where the size may have
 * fallen to it, which the segment keeps beside the consumer position ({@link #afterDequeue}): pressured or
 * not, a take compares its position with that one word of the consumer's own cache line. (Checking at every
 * take while pressured made a pressured consumer slower, so that a buffer that filled up stayed full.)
 * Crossings flip the pressured state and reach the listeners in order through {@link WatermarkCrossings}.
 * {@link #size()} pairs the producer position with a consumer position read on both sides of it, so that it is
 * a size the buffer had at one instant. The counters of offers and polls are the positions themselves; only
 * drops, time spent blocked and resizes have counters, all off the fast path.
 *
 * <h2>Growing</h2>
 * Under {@link OverflowPolicy#RESIZE} a producer grows the buffer (under a lock, as growing is rare): it
 * closes the current segment by adding {@link RingSegment#CLOSED} to its producer position with a CAS, which
 * makes every later producer claim on it fail, then links a segment of twice the length that starts at the
 * closed position. Producers move to the new segment; the consumer side drains the closed one up to its
 * final position and then moves on ({@link #advanceHead}). A producer waiting under the BLOCK fallbacks tries
 * to grow again whenever it wakes, since a fall in memory pressure (which wakes it) can allow growing again.
 *
 * <h2>Waiting</h2>
 * Blocking offers, {@link #take()} and {@link #poll(Duration)} retry briefly, then park through the
 * {@link Parker}; see {@link WaitingThreads} for why no wake-up is lost and why waking costs one volatile read
 * when nobody waits. That argument needs the side that hands over (the producer for a waiting consumer, the
 * consumer for a waiting producer) to move its position with a full fence. Where a subclass moves a position
 * with a plain ordered store instead ({@link #handOffIsFenced()} is {@code false}), a waiter's first park
 * lasts at most {@link #RECHECK_NANOS}: a hand-off that raced with its registration was made by a store
 * issued before the registration, which is visible by then, and every later hand-off reads the registration
 * and unparks it.
 *
 * @param <T> the type of items
 */
abstract class AbstractRingBuffer<T> implements RingBuffer<T>, RingBufferMetrics {

    private static final Logger logger = LoggerFactory.getLogger(AbstractRingBuffer.class);

    private static final VarHandle HEAD;
    private static final VarHandle HIGH_WATER_MARK;
    private static final VarHandle WAITING_PRODUCERS;
    private static final VarHandle WAITING_CONSUMERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(AbstractRingBuffer.class, "head", RingSegment.class);
            HIGH_WATER_MARK = lookup.findVarHandle(AbstractRingBuffer.class, "highWaterMark", int.class);
            WAITING_PRODUCERS = lookup.findVarHandle(AbstractRingBuffer.class, "waitingProducerCount", int.class);
            WAITING_CONSUMERS = lookup.findVarHandle(AbstractRingBuffer.class, "waitingConsumerCount", int.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final DropReason[] DROP_REASONS = DropReason.values();

    /**
     * The size from which the high-water mark is exact. Below it producers only sample the size, at least
     * every this many offers: tracking small peaks exactly would make every offer read the consumer position.
     */
    static final int EXACT_HIGH_WATER_MARK_FROM = 64;

    /**
     * The longest first park of a waiter when positions move without a fence: far longer than a store takes
     * to become visible to other cores, and short enough that a wake-up missed in that race costs little.
     */
    static final long RECHECK_NANOS = 1_000_000L;

    /**
     * Retries before a waiting thread parks: a consumer or producer on another core usually makes room or
     * brings an item within microseconds, and parking and waking cost system calls.
     */
    private static final int SPINS_BEFORE_PARKING = 64;

    /**
     * The shortest array: with one slot, the sequence a producer publishes ({@code r + 1}) in
     * {@link ConcurrentRingBuffer} would equal the one a consumer releases ({@code r + length}), so a producer
     * could overwrite an item its consumer has claimed but not yet read. A capacity of 1 uses two slots and
     * the capacity check keeps it to one item.
     */
    private static final int MIN_ARRAY_LENGTH = 2;

    /** Tries of {@link #size()} to read both positions while the consumer position stands still. */
    private static final int SIZE_SNAPSHOT_TRIES = 8;

    private final String name;

    private final OverflowPolicy policy;

    /** The policy applied when the buffer is full and cannot grow: the fallback for RESIZE, else the policy. */
    final OverflowPolicy fullPolicy;

    private final int maxCapacity;

    private final long timeoutNanos;

    private final double highWatermark;

    private final double lowWatermark;

    private final double highPressureFraction;

    private final double criticalPressureFraction;

    /** Calls the drop handler; kept, with the next, so that a drop allocates nothing. */
    private final @Nullable BiConsumer<T, DropReason> tellDropHandler;

    private final Listeners.FailureHandler dropHandlerFailed = (handler, failure) -> callbackFailed("drop handler",
            failure);

    private final WatermarkCrossings watermarks;

    private final Parker parker;

    private final WaitingThreads waitingProducers = new WaitingThreads();

    private final WaitingThreads waitingConsumers = new WaitingThreads();

    private final LongAdder[] dropped = new LongAdder[DROP_REASONS.length];

    private final LongAdder blockedNanos = new LongAdder();

    private final LongAdder callbackFailures = new LongAdder();

    /** Guards growing and pressure changes, and the two fields below. */
    private final Object resizeLock = new Object();

    private int grownCapacity;

    private MemoryPressureLevel level = MemoryPressureLevel.NONE;

    /** The segment consumers take from. */
    volatile RingSegment head;

    /** The segment producers add to. */
    volatile RingSegment tail;

    private volatile Limits limits;

    private volatile int highWaterMark;

    private volatile int resizes;

    /**
     * The producers waiting for room, counted here as well as in {@link #waitingProducers} so that a take reads
     * one word of the buffer to know whether it must wake one. A waiting producer adds its one after
     * registering and before it looks at the buffer again, with a full fence, as {@link WaitingThreads}
     * requires of its count.
     */
    @SuppressWarnings("unused") // accessed through WAITING_PRODUCERS
    private volatile int waitingProducerCount;

    /**
     * The consumers waiting for an item, counted here as well as in {@link #waitingConsumers} so that an offer
     * reads one word of the buffer to know whether it must wake one; updated like {@link #waitingProducerCount}.
     */
    @SuppressWarnings("unused") // accessed through WAITING_CONSUMERS
    private volatile int waitingConsumerCount;

    AbstractRingBuffer(RingBuffer.Builder<T> builder, int maxCapacity) {
        this.name = builder.name;
        this.policy = builder.policy;
        this.fullPolicy = (builder.policy == OverflowPolicy.RESIZE) ? builder.fallbackPolicy : builder.policy;
        this.maxCapacity = maxCapacity;
        this.timeoutNanos = builder.timeout.toNanos();
        this.highWatermark = builder.highWatermark;
        this.lowWatermark = builder.lowWatermark;
        this.highPressureFraction = builder.highPressureFraction;
        this.criticalPressureFraction = builder.criticalPressureFraction;
        BiConsumer<? super T, ? super DropReason> dropHandler = builder.dropHandler;
        this.tellDropHandler = (dropHandler != null) ? dropHandler::accept : null;
        this.watermarks = new WatermarkCrossings(this, builder.watermarkListeners,
                (listener, failure) -> callbackFailed("watermark listener", failure),
                this::checkLowWatermarkAtNextTake);
        this.parker = builder.parker;
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
        this.grownCapacity = builder.capacity;
        this.limits = Limits.of(builder.capacity, highWatermark, lowWatermark);
        int length = arrayLength(builder.capacity);
        RingSegment first = new RingSegment(0, newSequences(length), new Object[length]);
        this.head = first;
        this.tail = first;
    }

    /**
     * Adds an item if the buffer has room, without applying any policy.
     *
     * @return {@code false} if the buffer is full
     */
    abstract boolean tryEnqueue(Object item);

    /**
     * Removes the oldest item, without waiting. Called by consumers, and by producers and
     * {@link #adjustTo} to drop the oldest item under {@link OverflowPolicy#DROP_OLDEST}.
     *
     * @return the item, or {@code null} if the buffer is empty
     */
    abstract @Nullable Object tryDequeue();

    /**
     * The sequence numbers for a new segment of this algorithm.
     *
     * @param length the segment's length, a power of two
     * @return the sequences, or {@code null} if the algorithm needs none
     */
    abstract int @Nullable [] newSequences(int length);

    /**
     * Whether both sides move their positions with a full fence (a CAS), which {@link WaitingThreads} needs
     * for no wake-up to be lost without a bounded first park.
     */
    abstract boolean handOffIsFenced();

    @Override
    public String name() {
        return name;
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    /*
     * offer(T) and poll() are implemented by the final classes, each as its own few lines around its own
     * tryEnqueue and tryDequeue, rather than here once: a method of this class that called the abstract
     * tryEnqueue would give the JIT one call site for every kind of buffer in the application, and once it
     * had seen two kinds there it would stop inlining the fast path of either (an SPSC buffer measured at a
     * tenth of its speed after a few offers to a buffer of another kind). The shared methods below are only
     * reached off the fast path.
     */

    /** The item, or a {@link NullPointerException} naming the argument. */
    static <T> T requireItem(T item) {
        return Objects.requireNonNull(item, "item");
    }

    /** What {@code offer} does once {@link #tryEnqueue} has added the item: wakes a waiting consumer. */
    final RingBuffer.OfferOutcome accepted() {
        wakeConsumers();
        return RingBuffer.OfferOutcome.ACCEPTED;
    }

    /** What {@code offer} does once {@link #tryEnqueue} has found the buffer full: grows it, or applies the policy. */
    final RingBuffer.OfferOutcome offerToFullBuffer(T item) {
        if (policy == OverflowPolicy.RESIZE && tryGrowAndEnqueue(item)) {
            wakeConsumers();
            return RingBuffer.OfferOutcome.ACCEPTED;
        }
        switch (fullPolicy) {
            case DROP_OLDEST:
                return offerDroppingOldest(item);
            case DROP_NEWEST:
                drop(item, DropReason.DROP_NEWEST);
                return RingBuffer.OfferOutcome.REJECTED;
            case BLOCK:
                return offerWaiting(item, false);
            case BLOCK_WITH_TIMEOUT:
                return offerWaiting(item, true);
            default:
                throw new IllegalStateException("Unexpected policy when full: " + fullPolicy);
        }
    }

    /**
     * Grows the buffer under {@link OverflowPolicy#RESIZE} as long as that lets the item in.
     *
     * @return {@code false} if the buffer is full and cannot grow now
     */
    private boolean tryGrowAndEnqueue(T item) {
        while (grow()) {
            if (tryEnqueue(item)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private RingBuffer.OfferOutcome offerDroppingOldest(T item) {
        boolean droppedOldest = false;
        do {
            Object oldest = tryDequeue();
            if (oldest != null) {
                drop((T) oldest, DropReason.DROP_OLDEST);
                droppedOldest = true;
            }
        }
        while (!tryEnqueue(item));
        wakeConsumers();
        return droppedOldest ? OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST : OfferOutcome.ACCEPTED;
    }

    private RingBuffer.OfferOutcome offerWaiting(T item, boolean timed) {
        long start = parker.nanoTime();
        long deadline = start + timeoutNanos;
        for (int spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
            Thread.onSpinWait();
            if (tryEnqueue(item)) {
                wakeConsumers();
                blockedNanos.add(parker.nanoTime() - start);
                return RingBuffer.OfferOutcome.ACCEPTED;
            }
        }
        waitingProducers.enter();
        WAITING_PRODUCERS.getAndAdd(this, 1);
        try {
            for (int parks = 0;; parks++) {
                // Under RESIZE a wake-up can also mean that memory pressure fell and the buffer may grow again.
                if (tryEnqueue(item) || (policy == OverflowPolicy.RESIZE && tryGrowAndEnqueue(item))) {
                    wakeConsumers();
                    return RingBuffer.OfferOutcome.ACCEPTED;
                }
                if (Thread.currentThread().isInterrupted()) {
                    drop(item, DropReason.INTERRUPTED);
                    return RingBuffer.OfferOutcome.REJECTED;
                }
                long remaining = timed ? deadline - parker.nanoTime() : Long.MAX_VALUE;
                if (remaining <= 0) {
                    drop(item, DropReason.TIMEOUT);
                    return RingBuffer.OfferOutcome.REJECTED;
                }
                parker.parkNanos(this, parkNanos(parks, remaining));
            }
        }
        finally {
            WAITING_PRODUCERS.getAndAdd(this, -1);
            waitingProducers.leave();
            blockedNanos.add(parker.nanoTime() - start);
        }
    }

    /** How long the {@code parks}-th park of a waiter lasts; see "Waiting" in the class comment. */
    private long parkNanos(int parks, long remaining) {
        return (parks == 0 && !handOffIsFenced()) ? Math.min(remaining, RECHECK_NANOS) : remaining;
    }

    @Override
    public @Nullable T poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        T item = poll();
        if (item != null || timeout.isNegative() || timeout.isZero()) {
            return item;
        }
        return awaitItem(true, saturatedNanos(timeout));
    }

    @Override
    public T take() throws InterruptedException {
        T item = poll();
        // Without a deadline, awaitItem returns only with an item (or throws InterruptedException).
        return (item != null) ? item : Objects.requireNonNull(awaitItem(false, 0), "item");
    }

    @SuppressWarnings("unchecked")
    private @Nullable T awaitItem(boolean timed, long timeoutNanos) throws InterruptedException {
        long deadline = parker.nanoTime() + timeoutNanos;
        for (int spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
            Thread.onSpinWait();
            Object item = tryDequeue();
            if (item != null) {
                return (T) item;
            }
        }
        waitingConsumers.enter();
        WAITING_CONSUMERS.getAndAdd(this, 1);
        try {
            for (int parks = 0;; parks++) {
                Object item = tryDequeue();
                if (item != null) {
                    return (T) item;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting on ring buffer '" + name + "'");
                }
                long remaining = timed ? deadline - parker.nanoTime() : Long.MAX_VALUE;
                if (remaining <= 0) {
                    return null;
                }
                parker.parkNanos(this, parkNanos(parks, remaining));
            }
        }
        finally {
            WAITING_CONSUMERS.getAndAdd(this, -1);
            waitingConsumers.leave();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int drainTo(Collection<? super T> target, int maxItems) {
        Objects.requireNonNull(target, "target");
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must not be negative, was " + maxItems);
        }
        int moved = 0;
        while (moved < maxItems) {
            Object item = tryDequeue();
            if (item == null) {
                break;
            }
            target.add((T) item);
            moved++;
        }
        return moved;
    }

    /** {@link #room}: the producer may claim its position, below the producer limit. */
    static final int CLAIM = 0;

    /** {@link #room}: the producer may claim its position, and records the high-water mark once it has. */
    static final int CLAIM_AFTER_LOOKING = 1;

    /** {@link #room}: the segment was closed for growing; the producer reads {@link #tail} again. */
    static final int RETRY = 2;

    /** {@link #room}: claiming the position would exceed the effective capacity. */
    static final int FULL = 3;

    /**
     * Whether a producer may claim {@code position} of {@code segment}: below the producer limit at once,
     * else after {@link #refreshProducerLimit}. After {@link #CLAIM_AFTER_LOOKING}, the producer calls
     * {@link #afterSlowClaim} once its claim has succeeded.
     *
     * @return {@link #CLAIM}, {@link #CLAIM_AFTER_LOOKING}, {@link #RETRY} or {@link #FULL}
     */
    final int room(RingSegment segment, long position) {
        if (position < segment.producerLimit()) {
            return CLAIM;
        }
        if (position >= RingSegment.CLOSED) {
            awaitNewTail(segment);
            return RETRY;
        }
        return refreshProducerLimit(segment, position);
    }

    /**
     * The slow path of a producer: reads the consumer position, checks the capacity and the high watermark,
     * and moves the producer limit. If the claim may raise the high-water mark, the caller records it once
     * its claim has succeeded ({@link #afterSlowClaim}); a claim that cannot raise it needs no second read of
     * the consumer position.
     *
     * @return {@link #CLAIM}, {@link #CLAIM_AFTER_LOOKING}, or {@link #FULL} if claiming {@code position}
     *         would exceed the effective capacity
     */
    private int refreshProducerLimit(RingSegment segment, long position) {
        Limits current = limits;
        long consumed = consumerPosition();
        long sizeAfter = position + 1 - consumed;
        if (sizeAfter > current.capacity()) {
            // position is at most the producer position now, so this is at most the size now.
            recordHighWaterMark(sizeAfter - 1);
            if (!watermarks.isPressured() && sizeAfter > current.high()) {
                // Full without a crossing seen: the capacity was shrunk under items already held.
                enterPressured((int) sizeAfter - 1);
            }
            return FULL;
        }
        boolean wasPressured = watermarks.isPressured();
        if (!wasPressured && sizeAfter >= current.high()) {
            enterPressured((int) sizeAfter);
            wasPressured = true;
        }
        int markBefore = highWaterMark;
        long mark = Math.max(markBefore, sizeAfter);
        long lookahead = Math.min(current.capacity(), Math.max(mark, EXACT_HIGH_WATER_MARK_FROM));
        if (!wasPressured) {
            lookahead = Math.min(lookahead, current.high() - 1);
        }
        segment.producerLimit(consumed + lookahead);
        if (limits != current || watermarks.isPressured() != wasPressured) {
            // A pressure change or a low-watermark crossing raced with this refresh: make the next offer look again.
            segment.producerLimit(0);
        }
        // The size after the claim is at most sizeAfter, as the consumer position only grows.
        return (sizeAfter > markBefore) ? CLAIM_AFTER_LOOKING : CLAIM;
    }

    /**
     * Records the high-water mark after a claim made on the slow path. Read after the claim, the consumer
     * position can only be ahead of the one at the claim: the mark is at most the size the buffer really had.
     *
     * @param claimed the position just claimed
     */
    final void afterSlowClaim(long claimed) {
        recordHighWaterMark(claimed + 1 - consumerPosition());
    }

    private int recordHighWaterMark(long size) {
        for (;;) {
            int mark = highWaterMark;
            if (size <= mark) {
                return mark;
            }
            if (HIGH_WATER_MARK.compareAndSet(this, mark, (int) size)) {
                return (int) size;
            }
        }
    }

    /** Waits for the producer that closed {@code closed} to link the next segment. */
    private void awaitNewTail(RingSegment closed) {
        while (tail == closed) {
            Thread.onSpinWait();
        }
    }

    /**
     * What a consumer does after taking the item at {@code consumed - 1}: checks the low watermark once the
     * consumer position reaches the segment's check position, and wakes waiting producers.
     */
    final void afterDequeue(RingSegment segment, long consumed) {
        if (consumed >= segment.lowWatermarkCheckAt()) {
            checkLowWatermark(segment, consumed);
        }
        if ((int) WAITING_PRODUCERS.getVolatile(this) != 0) {
            waitingProducers.wakeAll(parker);
        }
    }

    /** What a producer does after adding an item: wakes waiting consumers, if any (one volatile read if none). */
    private void wakeConsumers() {
        if ((int) WAITING_CONSUMERS.getVolatile(this) != 0) {
            waitingConsumers.wakeAll(parker);
        }
    }

    /**
     * Makes the next take check the low watermark, after a change of what the check position was computed from:
     * the buffer became pressured or stopped being so, or the limits changed. Called after that change, so that
     * {@link #checkLowWatermark}, which reads the state again after writing the position, never loses it.
     */
    private void checkLowWatermarkAtNextTake() {
        head.lowWatermarkCheckAt(0);
    }

    /**
     * Crosses the low watermark if the size has fallen to it, and sets the consumer position of the next check:
     * never while the buffer is not pressured, else the position at which the size could next be down to the
     * low watermark if no item arrived meanwhile ({@code produced - low}: until then the size is above it, as
     * the producer position only grows). Any thread that takes may run this, so the check position is only
     * ever a position computed from a real producer position, or earlier.
     *
     * <p>The threads that change what the position depends on (a producer crossing the high watermark, a
     * change of the limits) reset it to 0 after their change, so that the next take checks; this method writes
     * the position and then reads that state again, and starts over if it changed. Both sides use volatile
     * accesses, so of a reset and this method's write, either the write comes first (the reset stands) or the
     * re-read sees the change.
     */
    private void checkLowWatermark(RingSegment segment, long consumed) {
        for (;;) {
            Limits current = limits;
            boolean pressured = watermarks.isPressured();
            long checkAt = Long.MAX_VALUE;
            if (pressured) {
                long produced = producerPosition();
                long size = produced - consumed;
                if (size <= current.low()) {
                    if (watermarks.cross(false, (int) Math.max(0, size))) {
                        // Producers limited themselves to the high watermark only while not pressured: make them
                        // look again.
                        tail.producerLimit(0);
                        watermarks.deliver();
                    }
                    continue;
                }
                checkAt = produced - current.low();
            }
            segment.lowWatermarkCheckAt(checkAt);
            if (limits == current && watermarks.isPressured() == pressured) {
                return;
            }
        }
    }

    private void enterPressured(int size) {
        if (watermarks.cross(true, size)) {
            watermarks.deliver();
        }
    }

    /** Moves the consumer side from a drained, closed segment to the one producers moved on to. */
    final void advanceHead(RingSegment exhausted) {
        RingSegment next;
        while ((next = exhausted.next()) == null) {
            Thread.onSpinWait();
        }
        HEAD.compareAndSet(this, exhausted, next);
    }

    /**
     * Grows the buffer under {@link OverflowPolicy#RESIZE}.
     *
     * @return {@code true} if the buffer grew or has room again, {@code false} if it cannot grow
     */
    private boolean grow() {
        synchronized (resizeLock) {
            if (level.isAtLeast(MemoryPressureLevel.HIGH)) {
                return false;
            }
            if (size() < limits.capacity()) {
                return true;
            }
            if (grownCapacity >= maxCapacity) {
                return false;
            }
            int capacity = (int) Math.min(maxCapacity, 2L * grownCapacity);
            RingSegment current = tail;
            if (current.length() < capacity) {
                replaceTail(current, arrayLength(capacity));
            }
            grownCapacity = capacity;
            applyLimits();
            resizes++;
            return true;
        }
    }

    private void replaceTail(RingSegment current, int length) {
        int[] sequences = newSequences(length);
        Object[] elements = new Object[length];
        for (;;) {
            long position = current.producerPosition();
            RingSegment next = new RingSegment(position, sequences, elements);
            if (current.casProducerPosition(position, position + RingSegment.CLOSED)) {
                current.next(next);
                tail = next;
                return;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void adjustTo(MemoryPressureLevel level) {
        Objects.requireNonNull(level, "level");
        int capacity;
        synchronized (resizeLock) {
            this.level = level;
            capacity = applyLimits();
        }
        waitingProducers.wakeAll(parker);
        if (fullPolicy == OverflowPolicy.DROP_OLDEST) {
            while (size() > capacity) {
                Object oldest = tryDequeue();
                if (oldest == null) {
                    break;
                }
                drop((T) oldest, DropReason.DROP_OLDEST);
            }
        }
    }

    /** Sets the limits for the grown capacity and the pressure level; called under the resize lock. */
    private int applyLimits() {
        int capacity = grownCapacity;
        if (level == MemoryPressureLevel.CRITICAL) {
            capacity = Math.max(1, (int) (capacity * criticalPressureFraction));
        }
        else if (level == MemoryPressureLevel.HIGH) {
            capacity = Math.max(1, (int) (capacity * highPressureFraction));
        }
        if (capacity != limits.capacity()) {
            limits = Limits.of(capacity, highWatermark, lowWatermark);
            tail.producerLimit(0);
            checkLowWatermarkAtNextTake();
        }
        return capacity;
    }

    private void drop(T item, DropReason reason) {
        dropped[reason.ordinal()].increment();
        if (tellDropHandler != null) {
            Listeners.run(tellDropHandler, item, reason, dropHandlerFailed);
        }
    }

    private void callbackFailed(String callback, Throwable failure) {
        callbackFailures.increment();
        long failures = callbackFailures.sum();
        // Logged at the 1st, 2nd, 4th, 8th... failure: visible, without flooding the log from a hot path.
        if (Long.bitCount(failures) == 1) {
            logger.warn("The {} of ring buffer '{}' threw (failure {} of its callbacks); the buffer carries on",
                    callback, name, failures, failure);
        }
    }

    private long producerPosition() {
        long position = tail.producerPosition();
        return (position >= RingSegment.CLOSED) ? position - RingSegment.CLOSED : position;
    }

    private long consumerPosition() {
        return head.consumerPosition();
    }

    /**
     * The size at one instant. Reading the consumer position and then the producer position would add the
     * items produced meanwhile to a stale count and could exceed the capacity; so the consumer position is
     * read on both sides of the producer position, and only a pair read while it stood still is used. If
     * consumers keep moving, the producer position is paired with the later consumer position, which can
     * only under-count.
     */
    @Override
    public int size() {
        long produced;
        long consumed;
        int tries = 0;
        do {
            long consumedBefore = consumerPosition();
            produced = producerPosition();
            consumed = consumerPosition();
            if (consumed == consumedBefore) {
                break;
            }
        }
        while (++tries < SIZE_SNAPSHOT_TRIES);
        return (int) Math.max(0, produced - consumed);
    }

    @Override
    public int capacity() {
        return limits.capacity();
    }

    @Override
    public boolean isPressured() {
        return watermarks.isPressured();
    }

    @Override
    public RingBufferMetrics metrics() {
        return this;
    }

    @Override
    public int maxCapacity() {
        return maxCapacity;
    }

    @Override
    public int highWaterMark() {
        return recordHighWaterMark(size());
    }

    @Override
    public long offered() {
        return producerPosition() + dropped(DropReason.DROP_NEWEST) + dropped(DropReason.TIMEOUT)
                + dropped(DropReason.INTERRUPTED);
    }

    @Override
    public long polled() {
        return consumerPosition() - dropped(DropReason.DROP_OLDEST);
    }

    @Override
    public long dropped() {
        long total = 0;
        for (LongAdder counter : dropped) {
            total += counter.sum();
        }
        return total;
    }

    @Override
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    @Override
    public long blockedNanos() {
        return blockedNanos.sum();
    }

    @Override
    public int resizes() {
        return resizes;
    }

    @Override
    public long callbackFailures() {
        return callbackFailures.sum();
    }

    @Override
    public String toString() {
        return "RingBuffer[name=" + name + ", size=" + size() + ", capacity=" + capacity() + ", policy=" + policy + "]";
    }

    /** The power-of-two array length for a capacity, at least {@link #MIN_ARRAY_LENGTH}. */
    private static int arrayLength(int capacity) {
        return Math.max(MIN_ARRAY_LENGTH, Integer.highestOneBit(capacity - 1) << 1);
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The effective capacity and the watermarks in items, replaced as a whole when the capacity changes.
     *
     * @param capacity items held before the overflow policy applies
     * @param high     the size from which the buffer is pressured
     * @param low      the size at which it stops being pressured
     */
    private record Limits(int capacity, int high, int low) {

        static Limits of(int capacity, double highWatermark, double lowWatermark) {
            int high = Math.max(1, (int) Math.ceil(capacity * highWatermark));
            int low = Math.min(high - 1, (int) Math.floor(capacity * lowWatermark));
            return new Limits(capacity, high, low);
        }
    }
}
