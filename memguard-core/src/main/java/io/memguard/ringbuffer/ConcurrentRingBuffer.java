package io.memguard.ringbuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import io.memguard.pressure.MemoryPressureLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RingBuffer} implementation: a lock-free multi-producer multi-consumer array queue.
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
 * caller spins for those few instructions. Producers never read the consumer position on the fast path and
 * consumers never read the producer position, so the two sides share only the slots. The array has at least
 * two slots: with one, {@code p + 1} and {@code c + length} would be the same number, and a producer could
 * take a slot whose item its consumer has claimed but not yet read (a capacity of 1 is enforced by the
 * capacity check below, not by the array).
 *
 * <h2>Capacity, high-water mark and watermarks without a per-item cost</h2>
 * The effective capacity can be below the array length (a capacity that is not a power of two, or a capacity
 * shrunk by memory pressure). Producers therefore cache a <em>producer limit</em>: a position below which they
 * may claim slots without looking at the consumer position. Because the consumer position only grows, a stale
 * consumer position over-estimates the size, so the limit is safe. It is refreshed on the slow path, where the
 * producer reads the consumer position and checks the capacity and the high watermark; once its claim has
 * succeeded it reads the consumer position again and records the high-water mark (read after the claim, the
 * size can only be under-counted, so the mark never exceeds a size the buffer really had). The limit lets the
 * fast path neither exceed the capacity, nor cross the high watermark unseen, nor pass the high-water mark
 * once that is above {@link #EXACT_HIGH_WATER_MARK_FROM} items (below it, tracking every new peak would make
 * nearly every offer read the consumer position, so small peaks are sampled). Consumers check the low
 * watermark only while the buffer is pressured, against a cached lower bound of the producer position.
 * Crossings flip the pressured state and reach the listeners in order through {@link WatermarkCrossings}.
 * {@link #size()} pairs the producer position with a consumer position read on both sides of it, so that it
 * is a size the buffer had at one instant. The counters of offers and polls are the positions themselves;
 * only drops, time spent blocked and resizes have counters, all off the fast path.
 *
 * <h2>Growing</h2>
 * Under {@link OverflowPolicy#RESIZE} the array is one of a chain of segments. To grow, a producer (under a
 * lock, as growing is rare) closes the current segment by adding {@link RingSegment#CLOSED} to its producer
 * position with a CAS, which makes every later producer CAS on it fail, then links a segment of twice the
 * length that starts at the closed position. Producers move to the new segment; consumers drain the closed
 * one up to its final position and then move on. Positions stay global, so the size is still the producer
 * position minus the consumer position. A producer waiting under the BLOCK fallbacks tries to grow again
 * whenever it wakes, since a fall in memory pressure (which wakes it) can allow growing again.
 *
 * <h2>Waiting</h2>
 * Blocking offers, {@link #take()} and {@link #poll(Duration)} retry briefly, then park through the
 * {@link Parker}; see {@link WaitingThreads} for why no wake-up is lost and why waking costs one volatile read
 * when nobody waits.
 *
 * @param <T> the type of items
 */
final class ConcurrentRingBuffer<T> implements RingBuffer<T>, RingBufferMetrics {

    private static final Logger logger = LoggerFactory.getLogger(ConcurrentRingBuffer.class);

    private static final VarHandle HEAD;
    private static final VarHandle HIGH_WATER_MARK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(ConcurrentRingBuffer.class, "head", RingSegment.class);
            HIGH_WATER_MARK = lookup.findVarHandle(ConcurrentRingBuffer.class, "highWaterMark", int.class);
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
     * Retries before a waiting thread parks: a consumer or producer on another core usually makes room or
     * brings an item within microseconds, and parking and waking cost system calls.
     */
    private static final int SPINS_BEFORE_PARKING = 64;

    /**
     * The shortest array: with one slot, the sequence a producer publishes ({@code r + 1}) would equal the
     * one a consumer releases ({@code r + length}), so a producer could overwrite an item its consumer has
     * claimed but not yet read. A capacity of 1 uses two slots and the capacity check keeps it to one item.
     */
    private static final int MIN_ARRAY_LENGTH = 2;

    /** Tries of {@link #size()} to read both positions while the consumer position stands still. */
    private static final int SIZE_SNAPSHOT_TRIES = 8;

    private final String name;

    private final OverflowPolicy policy;

    /** The policy applied when the buffer is full and cannot grow: the fallback for RESIZE, else the policy. */
    private final OverflowPolicy fullPolicy;

    private final int maxCapacity;

    private final long timeoutNanos;

    private final double highWatermark;

    private final double lowWatermark;

    private final double highPressureFraction;

    private final double criticalPressureFraction;

    private final DropHandler<? super T> dropHandler;

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
    private volatile RingSegment head;

    /** The segment producers add to. */
    private volatile RingSegment tail;

    private volatile Limits limits;

    private volatile int highWaterMark;

    private volatile int resizes;

    ConcurrentRingBuffer(RingBufferBuilder<T> builder, int maxCapacity) {
        this.name = builder.name;
        this.policy = builder.policy;
        this.fullPolicy = (builder.policy == OverflowPolicy.RESIZE) ? builder.fallbackPolicy : builder.policy;
        this.maxCapacity = maxCapacity;
        this.timeoutNanos = builder.timeout.toNanos();
        this.highWatermark = builder.highWatermark;
        this.lowWatermark = builder.lowWatermark;
        this.highPressureFraction = builder.highPressureFraction;
        this.criticalPressureFraction = builder.criticalPressureFraction;
        this.dropHandler = builder.dropHandler;
        this.watermarks = new WatermarkCrossings(this, builder.watermarkListeners,
                failure -> callbackFailed("watermark listener", failure));
        this.parker = builder.parker;
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
        this.grownCapacity = builder.capacity;
        this.limits = Limits.of(builder.capacity, highWatermark, lowWatermark);
        RingSegment first = RingSegment.create(0, arrayLength(builder.capacity));
        this.head = first;
        this.tail = first;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public OfferOutcome offer(T item) {
        Objects.requireNonNull(item, "item");
        if (tryEnqueue(item)) {
            waitingConsumers.wakeAll(parker);
            return OfferOutcome.ACCEPTED;
        }
        return offerToFullBuffer(item);
    }

    private OfferOutcome offerToFullBuffer(T item) {
        if (policy == OverflowPolicy.RESIZE && tryGrowAndEnqueue(item)) {
            waitingConsumers.wakeAll(parker);
            return OfferOutcome.ACCEPTED;
        }
        switch (fullPolicy) {
            case DROP_OLDEST:
                return offerDroppingOldest(item);
            case DROP_NEWEST:
                drop(item, DropReason.DROP_NEWEST);
                return OfferOutcome.REJECTED;
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
    private OfferOutcome offerDroppingOldest(T item) {
        boolean droppedOldest = false;
        do {
            Object oldest = tryDequeue();
            if (oldest != null) {
                drop((T) oldest, DropReason.DROP_OLDEST);
                droppedOldest = true;
            }
        }
        while (!tryEnqueue(item));
        waitingConsumers.wakeAll(parker);
        return droppedOldest ? OfferOutcome.ACCEPTED_AFTER_DROPPING_OLDEST : OfferOutcome.ACCEPTED;
    }

    private OfferOutcome offerWaiting(T item, boolean timed) {
        long start = parker.nanoTime();
        long deadline = start + timeoutNanos;
        for (int spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
            Thread.onSpinWait();
            if (tryEnqueue(item)) {
                waitingConsumers.wakeAll(parker);
                blockedNanos.add(parker.nanoTime() - start);
                return OfferOutcome.ACCEPTED;
            }
        }
        waitingProducers.enter();
        try {
            for (;;) {
                // Under RESIZE a wake-up can also mean that memory pressure fell and the buffer may grow again.
                if (tryEnqueue(item) || (policy == OverflowPolicy.RESIZE && tryGrowAndEnqueue(item))) {
                    waitingConsumers.wakeAll(parker);
                    return OfferOutcome.ACCEPTED;
                }
                if (Thread.currentThread().isInterrupted()) {
                    drop(item, DropReason.INTERRUPTED);
                    return OfferOutcome.REJECTED;
                }
                long remaining = timed ? deadline - parker.nanoTime() : Long.MAX_VALUE;
                if (remaining <= 0) {
                    drop(item, DropReason.TIMEOUT);
                    return OfferOutcome.REJECTED;
                }
                parker.parkNanos(this, remaining);
            }
        }
        finally {
            waitingProducers.leave();
            blockedNanos.add(parker.nanoTime() - start);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T poll() {
        return (T) tryDequeue();
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
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
        return (item != null) ? item : awaitItem(false, 0);
    }

    @SuppressWarnings("unchecked")
    private T awaitItem(boolean timed, long timeoutNanos) throws InterruptedException {
        long deadline = parker.nanoTime() + timeoutNanos;
        for (int spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
            Thread.onSpinWait();
            Object item = tryDequeue();
            if (item != null) {
                return (T) item;
            }
        }
        waitingConsumers.enter();
        try {
            for (;;) {
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
                parker.parkNanos(this, remaining);
            }
        }
        finally {
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

    /**
     * Adds an item if the buffer has room, without applying any policy.
     *
     * @return {@code false} if the buffer is full
     */
    private boolean tryEnqueue(Object item) {
        for (;;) {
            RingSegment segment = tail;
            long position = segment.producerPosition();
            boolean slowPath = position >= segment.producerLimit();
            if (slowPath) {
                if (position >= RingSegment.CLOSED) {
                    awaitNewTail(segment);
                    continue;
                }
                if (!refreshProducerLimit(segment, position)) {
                    return false;
                }
            }
            int relative = (int) (position - segment.base);
            int slot = relative & segment.mask;
            int turn = segment.sequence(slot) - relative;
            if (turn == 0) {
                if (segment.casProducerPosition(position, position + 1)) {
                    segment.putElement(slot, item);
                    segment.releaseSequence(slot, relative + 1);
                    if (slowPath) {
                        // Read after the claim, the consumer position can only be ahead of the one at the
                        // claim: the mark is at most the size the buffer really had then.
                        recordHighWaterMark(position + 1 - consumerPosition());
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

    /**
     * The slow path of a producer: reads the consumer position, checks the capacity and the high watermark,
     * and moves the producer limit. The caller records the high-water mark once its claim has succeeded.
     *
     * @return {@code false} if claiming {@code position} would exceed the effective capacity
     */
    private boolean refreshProducerLimit(RingSegment segment, long position) {
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
            return false;
        }
        boolean wasPressured = watermarks.isPressured();
        if (!wasPressured && sizeAfter >= current.high()) {
            enterPressured((int) sizeAfter);
            wasPressured = true;
        }
        long mark = Math.max(highWaterMark, sizeAfter);
        long lookahead = Math.min(current.capacity(), Math.max(mark, EXACT_HIGH_WATER_MARK_FROM));
        if (!wasPressured) {
            lookahead = Math.min(lookahead, current.high() - 1);
        }
        segment.producerLimit(consumed + lookahead);
        if (limits != current || watermarks.isPressured() != wasPressured) {
            // A pressure change or a low-watermark crossing raced with this refresh: make the next offer look again.
            segment.producerLimit(0);
        }
        return true;
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

    private void awaitNewTail(RingSegment closed) {
        while (tail == closed) {
            Thread.onSpinWait();
        }
    }

    /**
     * Removes the oldest item, without waiting.
     *
     * @return the item, or {@code null} if the buffer is empty
     */
    private Object tryDequeue() {
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

    private void afterDequeue(RingSegment segment, long consumed) {
        if (watermarks.isPressured()) {
            checkLowWatermark(segment, consumed);
        }
        waitingProducers.wakeAll(parker);
    }

    private void checkLowWatermark(RingSegment segment, long consumed) {
        int low = limits.low();
        if (segment.producerPositionSeen() - consumed > low) {
            return;
        }
        long produced = producerPosition();
        segment.producerPositionSeen(produced);
        long size = produced - consumed;
        if (size <= low && watermarks.cross(false, (int) Math.max(0, size))) {
            // Producers limited themselves to the high watermark only while not pressured: make them look again.
            tail.producerLimit(0);
            watermarks.deliver();
        }
    }

    private void enterPressured(int size) {
        if (watermarks.cross(true, size)) {
            watermarks.deliver();
        }
    }

    private void advanceHead(RingSegment exhausted) {
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
        int[] sequences = RingSegment.newSequences(length);
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
        }
        return capacity;
    }

    private void drop(T item, DropReason reason) {
        dropped[reason.ordinal()].increment();
        if (dropHandler != null) {
            try {
                dropHandler.onDrop(item, reason);
            }
            catch (Throwable failure) {
                callbackFailed("drop handler", failure);
            }
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
