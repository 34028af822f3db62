package io.memguard.ringbuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;

/**
 * A bounded, thread-safe FIFO buffer whose overflow is a decision, counted and visible, never a silent loss
 * or an {@link OutOfMemoryError}. It takes many producers and many consumers, unless its builder declared
 * one of each side ({@link Builder#singleProducer()}, {@link Builder#singleConsumer()}).
 *
 * <p>When the buffer is full, an offered item meets the buffer's {@link OverflowPolicy}. Every item that
 * does not stay in the buffer goes to its drop handler ({@link Builder#dropHandler}) and is counted by
 * {@link DropReason}. Producers can slow down before anything is dropped: {@link #isPressured()} turns
 * {@code true} at the high watermark and back at the low one, and {@link WatermarkListener}s are told of each
 * crossing. Under memory pressure the buffer's capacity shrinks ({@link #adjustTo}); items beyond the shrunken
 * capacity meet the overflow policy.
 *
 * <p>{@link #offer} and {@link #poll} do not allocate and take no lock (but a buffer declared
 * {@link Builder#singleConsumer()} under {@link OverflowPolicy#DROP_OLDEST} serialises its takes with
 * a spin lock held for one take); they only wait (park) under the blocking policies. Create buffers with
 * {@link #builder(String)}; register them with a {@link RingBufferRegistry} to have them follow memory pressure
 * and appear in metrics.
 *
 * @param <T> the type of items
 * @since 0.1.0
 */
public interface RingBuffer<T> {

    /**
     * Starts building a buffer.
     *
     * @param name the buffer's name in metrics and in the registry, such as {@code audit-events}
     * @param <T>  the type of items
     * @return a builder with the defaults: capacity 1024, {@link OverflowPolicy#DROP_OLDEST}
     */
    static <T> Builder<T> builder(String name) {
        return new Builder<>(name);
    }

    /**
     * The buffer's name, unique in a registry.
     *
     * @return the name
     */
    String name();

    /**
     * What an offer does when the buffer is full.
     *
     * @return the overflow policy
     */
    OverflowPolicy policy();

    /**
     * Adds an item, applying the overflow policy when the buffer is full. May wait under
     * {@link OverflowPolicy#BLOCK} and {@link OverflowPolicy#BLOCK_WITH_TIMEOUT}; if interrupted while
     * waiting, the item is dropped with {@link DropReason#INTERRUPTED} and the interrupt status is kept.
     *
     * @param item the item; not {@code null}
     * @return what happened to the item
     * @throws NullPointerException if {@code item} is {@code null}
     */
    OfferOutcome offer(T item);

    /**
     * Removes the oldest item, if any. Does not wait.
     *
     * @return the oldest item, or {@code null} if the buffer is empty
     */
    @Nullable T poll();

    /**
     * Removes the oldest item, waiting up to {@code timeout} for one to arrive.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @return the oldest item, or {@code null} if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    @Nullable T poll(Duration timeout) throws InterruptedException;

    /**
     * Removes the oldest item, waiting for one as long as it takes.
     *
     * @return the oldest item
     * @throws InterruptedException if interrupted while waiting
     */
    T take() throws InterruptedException;

    /**
     * Removes up to {@code maxItems} items, oldest first, into {@code target}. Does not wait.
     *
     * @param target   where the items go
     * @param maxItems the most items to move
     * @return how many items were moved
     * @throws IllegalArgumentException if {@code maxItems} is negative
     */
    int drainTo(Collection<? super T> target, int maxItems);

    /**
     * The number of items in the buffer now; a snapshot that may be stale as soon as it is read.
     *
     * @return the size, between zero and {@link #capacity()} (or slightly above it while a shrink is applied)
     */
    int size();

    /**
     * Returns whether the buffer holds no item now.
     *
     * @return {@code true} when {@link #size()} is zero
     */
    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The number of items the buffer holds before its overflow policy applies: its configured capacity,
     * grown under {@link OverflowPolicy#RESIZE} and shrunk under memory pressure.
     *
     * @return the effective capacity now
     */
    int capacity();

    /**
     * Returns whether the buffer is above its high watermark (and has not yet fallen to its low watermark):
     * the hint for producers to slow down.
     *
     * @return {@code true} while pressured
     */
    boolean isPressured();

    /**
     * Applies a memory pressure level: at {@link MemoryPressureLevel#HIGH} and
     * {@link MemoryPressureLevel#CRITICAL} the capacity shrinks to its configured fraction (oldest items are
     * dropped at once under {@link OverflowPolicy#DROP_OLDEST}); below HIGH the full capacity is restored.
     *
     * @param level the current memory pressure level
     */
    void adjustTo(MemoryPressureLevel level);

    /**
     * A read-only view of the buffer's counters and gauges.
     *
     * @return the metrics of this buffer
     */
    RingBufferMetrics metrics();

    /**
     * Builds a {@link RingBuffer}. Every setter checks its argument at once and names it in the exception, so
     * a bad value is never half-applied; {@link #build()} checks the settings against each other.
     *
     * <p>By default a buffer takes any number of producer and consumer threads. Declaring
     * {@link #singleProducer()} and {@link #singleConsumer()} lets it use an algorithm that pays only for what
     * is declared: no CAS at all for one producer and one consumer, a CAS on the producer side only for many
     * producers and one consumer. Every policy, the watermarks and the capacity changes work alike whatever the
     * declaration.
     *
     * @param <T> the type of items
     * @since 0.1.0
     */
    final class Builder<T> {

        /** The largest capacity: the largest power-of-two array length. */
        public static final int MAX_CAPACITY = 1 << 30;

        /** The capacity of a buffer built without one. */
        public static final int DEFAULT_CAPACITY = 1024;

        /** How many times its capacity a {@link OverflowPolicy#RESIZE} buffer grows to without a maximum capacity. */
        public static final int DEFAULT_GROWTH_LIMIT = 8;

        /** How long a {@link OverflowPolicy#BLOCK_WITH_TIMEOUT} offer waits without a timeout. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

        /** The high watermark without one, as a fraction of the capacity. */
        public static final double DEFAULT_HIGH_WATERMARK = 0.8;

        /** The low watermark without one, as a fraction of the capacity. */
        public static final double DEFAULT_LOW_WATERMARK = 0.5;

        /** The fraction of its capacity a buffer keeps at HIGH memory pressure without one. */
        public static final double DEFAULT_HIGH_PRESSURE_FRACTION = 0.5;

        /** The fraction of its capacity a buffer keeps at CRITICAL memory pressure without one. */
        public static final double DEFAULT_CRITICAL_PRESSURE_FRACTION = 0.25;

        final String name;

        int capacity = DEFAULT_CAPACITY;

        int maxCapacity;

        OverflowPolicy policy = OverflowPolicy.DROP_OLDEST;

        OverflowPolicy fallbackPolicy = OverflowPolicy.DROP_OLDEST;

        Duration timeout = DEFAULT_TIMEOUT;

        double highWatermark = DEFAULT_HIGH_WATERMARK;

        double lowWatermark = DEFAULT_LOW_WATERMARK;

        double highPressureFraction = DEFAULT_HIGH_PRESSURE_FRACTION;

        double criticalPressureFraction = DEFAULT_CRITICAL_PRESSURE_FRACTION;

        @Nullable BiConsumer<? super T, ? super DropReason> dropHandler;

        final List<WatermarkListener> watermarkListeners = new ArrayList<>();

        Parker parker = Parker.system();

        boolean singleProducer;

        boolean singleConsumer;

        Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
        }

        /**
         * The number of items the buffer holds before its overflow policy applies. Default 1024.
         *
         * @param capacity between 1 and {@link #MAX_CAPACITY}
         * @return this builder
         */
        public Builder<T> capacity(int capacity) {
            this.capacity = checkCapacity("capacity", capacity);
            return this;
        }

        /**
         * The capacity the buffer may grow to under {@link OverflowPolicy#RESIZE}. Default eight times the
         * capacity (at most {@link #MAX_CAPACITY}); ignored by the other policies.
         *
         * @param maxCapacity between the capacity and {@link #MAX_CAPACITY}
         * @return this builder
         */
        public Builder<T> maxCapacity(int maxCapacity) {
            this.maxCapacity = checkCapacity("maxCapacity", maxCapacity);
            return this;
        }

        /**
         * What an offer does when the buffer is full. Default {@link OverflowPolicy#DROP_OLDEST}.
         *
         * @param policy the overflow policy
         * @return this builder
         */
        public Builder<T> policy(OverflowPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The policy {@link OverflowPolicy#RESIZE} applies once the buffer cannot grow. Default
         * {@link OverflowPolicy#DROP_OLDEST}.
         *
         * @param fallbackPolicy any policy but RESIZE
         * @return this builder
         */
        public Builder<T> fallbackPolicy(OverflowPolicy fallbackPolicy) {
            Objects.requireNonNull(fallbackPolicy, "fallbackPolicy");
            if (fallbackPolicy == OverflowPolicy.RESIZE) {
                throw new IllegalArgumentException(
                        "fallbackPolicy must not be RESIZE: it applies when the buffer cannot grow");
            }
            this.fallbackPolicy = fallbackPolicy;
            return this;
        }

        /**
         * How long an offer waits for room under {@link OverflowPolicy#BLOCK_WITH_TIMEOUT}. Default one second.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder<T> timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The watermarks, as fractions of the effective capacity: the buffer turns pressured when its size
         * reaches {@code high} and stops being pressured when it falls to {@code low}. Default 0.8 and 0.5.
         *
         * @param high in (0, 1]
         * @param low  in [0, high)
         * @return this builder
         */
        public Builder<T> watermarks(double high, double low) {
            checkFraction("highWatermark", high);
            if (!(low >= 0.0 && low < high)) {
                throw new IllegalArgumentException("lowWatermark must be at least 0 and below highWatermark (" + high
                        + "), was " + low);
            }
            this.highWatermark = high;
            this.lowWatermark = low;
            return this;
        }

        /**
         * The fractions of the capacity kept under memory pressure. Default 0.5 at HIGH and 0.25 at CRITICAL.
         *
         * @param high     the fraction kept at HIGH, in (0, 1]
         * @param critical the fraction kept at CRITICAL, in (0, high]
         * @return this builder
         */
        public Builder<T> pressureFractions(double high, double critical) {
            checkFraction("highPressureFraction", high);
            checkFraction("criticalPressureFraction", critical);
            if (critical > high) {
                throw new IllegalArgumentException("criticalPressureFraction must not exceed highPressureFraction ("
                        + high + "), was " + critical);
            }
            this.highPressureFraction = high;
            this.criticalPressureFraction = critical;
            return this;
        }

        /**
         * Receives every item the buffer drops, with the reason, so that nothing vanishes unseen: to log it, count
         * it per tenant, spill it elsewhere or release a resource it holds. Default none: drops are only counted.
         *
         * <p>The handler is called once per dropped item (one that is no longer, or never was, in the buffer), on
         * the thread that caused the drop (a producer, or the thread that applied a memory pressure change), and
         * should be quick. A handler that throws is logged and counted; the buffer carries on.
         *
         * @param dropHandler the handler, given the dropped item and why it was dropped
         * @return this builder
         */
        public Builder<T> dropHandler(BiConsumer<? super T, ? super DropReason> dropHandler) {
            this.dropHandler = Objects.requireNonNull(dropHandler, "dropHandler");
            return this;
        }

        /**
         * Adds a listener told of every watermark crossing.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<T> watermarkListener(WatermarkListener listener) {
            this.watermarkListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How blocked threads read time and wait. Default {@link Parker#system()}; tests pass their own.
         *
         * @param parker the parker
         * @return this builder
         */
        Builder<T> parker(Parker parker) {
            this.parker = Objects.requireNonNull(parker, "parker");
            return this;
        }

        /**
         * Declares that one thread at a time offers items (the same thread, or threads that hand over with a
         * happens-before edge, such as tasks of a single-threaded executor). Default: any number of producers.
         * With {@link #singleConsumer()} the buffer then offers and polls without a CAS; without it the
         * declaration changes nothing (there is no single-producer, many-consumer algorithm). Two threads
         * offering at once to such a buffer can lose or duplicate items; with assertions enabled ({@code -ea}),
         * an offer that overlaps another throws an {@link AssertionError} naming both threads.
         *
         * @return this builder
         */
        public Builder<T> singleProducer() {
            this.singleProducer = true;
            return this;
        }

        /**
         * Declares that one thread at a time polls, takes or drains items (the same thread, or threads that hand
         * over with a happens-before edge). Default: any number of consumers. The buffer then polls without a
         * CAS, except under {@link OverflowPolicy#DROP_OLDEST}, where producers take the oldest item too and every
         * take holds a lock (one uncontended CAS). Two threads polling at once can receive the same item; with
         * assertions enabled ({@code -ea}), a poll that overlaps another throws an {@link AssertionError} naming
         * both threads.
         *
         * @return this builder
         */
        public Builder<T> singleConsumer() {
            this.singleConsumer = true;
            return this;
        }

        /**
         * Builds the buffer.
         *
         * @return a new, empty buffer
         * @throws IllegalArgumentException if the maximum capacity is below the capacity
         */
        public RingBuffer<T> build() {
            int effectiveMaxCapacity = capacity;
            if (policy == OverflowPolicy.RESIZE) {
                effectiveMaxCapacity = (maxCapacity != 0) ? maxCapacity
                        : (int) Math.min(MAX_CAPACITY, (long) DEFAULT_GROWTH_LIMIT * capacity);
                if (effectiveMaxCapacity < capacity) {
                    throw new IllegalArgumentException("maxCapacity (" + effectiveMaxCapacity
                            + ") must not be below capacity (" + capacity + ")");
                }
            }
            if (singleConsumer) {
                return singleProducer ? new SpscRingBuffer<>(this, effectiveMaxCapacity)
                        : new MpscRingBuffer<>(this, effectiveMaxCapacity);
            }
            return new ConcurrentRingBuffer<>(this, effectiveMaxCapacity);
        }

        private static int checkCapacity(String argument, int value) {
            if (value < 1 || value > MAX_CAPACITY) {
                throw new IllegalArgumentException(
                        argument + " must be between 1 and " + MAX_CAPACITY + ", was " + value);
            }
            return value;
        }

        private static void checkFraction(String argument, double value) {
            if (!(value > 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException(argument + " must be in (0, 1], was " + value);
            }
        }
    }

    /**
     * Told when a {@link RingBuffer} crosses its watermarks, so that producers can slow down before anything is
     * dropped. The buffer is pressured from the moment its size reaches the high watermark until it falls to
     * the low watermark. Each crossing is reported once, on a producer or consumer thread of the buffer (the one
     * that caused it, or one that is reporting an earlier crossing), one crossing at a time and in the order they
     * happened: high and low alternate, and once the buffer is quiet the last one reported matches
     * {@link RingBuffer#isPressured()}. A crossing caused from inside a callback is reported after it returns.
     *
     * <p>A listener that throws is logged and counted; the buffer carries on.
     *
     * @since 0.1.0
     */
    interface WatermarkListener {

        /**
         * The buffer's size reached its high watermark: {@link RingBuffer#isPressured()} is now {@code true}.
         *
         * @param buffer the buffer
         * @param size   its size when the crossing was seen
         */
        default void onHighWatermark(RingBuffer<?> buffer, int size) {
        }

        /**
         * The buffer's size fell to its low watermark: {@link RingBuffer#isPressured()} is now {@code false}.
         *
         * @param buffer the buffer
         * @param size   its size when the crossing was seen
         */
        default void onLowWatermark(RingBuffer<?> buffer, int size) {
        }
    }

    /**
     * What happened to an offered item. An enum, so that answering costs no allocation.
     *
     * @since 0.1.0
     */
    enum OfferOutcome {

        /** The item was added and nothing was dropped. */
        ACCEPTED,

        /** The item was added after the oldest item(s) were dropped to make room. */
        ACCEPTED_AFTER_DROPPING_OLDEST,

        /** The item was not added; it went to the drop handler. */
        REJECTED;

        /**
         * Returns whether the offered item is now in the buffer.
         *
         * @return {@code true} unless the item was rejected
         */
        public boolean isAccepted() {
            return this != REJECTED;
        }
    }

    /**
     * Why a {@link RingBuffer} dropped an item. Each reason is counted separately and exported as the
     * {@code reason} tag of the dropped-items metric.
     *
     * @since 0.1.0
     */
    public enum DropReason {

        /** The oldest item was dropped to make room, under {@link OverflowPolicy#DROP_OLDEST}. */
        DROP_OLDEST("drop-oldest"),

        /** The offered item was rejected because the buffer was full, under {@link OverflowPolicy#DROP_NEWEST}. */
        DROP_NEWEST("drop-newest"),

        /** The offered item waited for room longer than the timeout of {@link OverflowPolicy#BLOCK_WITH_TIMEOUT}. */
        TIMEOUT("timeout"),

        /** The producer was interrupted while it waited for room. */
        INTERRUPTED("interrupted");

        private final String id;

        DropReason(String id) {
            this.id = id;
        }

        /**
         * The name used in JSON and metric tags, such as {@code drop-oldest}.
         *
         * @return the kebab-case id of this reason
         */
        public String id() {
            return id;
        }
    }

    /**
     * What a {@link RingBuffer} does with an item offered while it is full.
     *
     * <p>Whatever the policy, an item that does not end up in the buffer is never lost silently: it is
     * handed to the buffer's drop handler ({@link RingBuffer.Builder#dropHandler}) and counted by {@link DropReason}.
     *
     * @since 0.1.0
     */
    public enum OverflowPolicy {

        /**
         * Make room by dropping the oldest item; the offer always succeeds. The default. Dropping and adding are
         * two steps: between them another thread may find the buffer one item short, or take the freed room, in
         * which case the offer drops the next oldest item too.
         */
        DROP_OLDEST,

        /** Reject the offered item; the items already in the buffer stay. */
        DROP_NEWEST,

        /** Wait until a consumer makes room; an interrupt while waiting rejects the item. */
        BLOCK,

        /** Wait until a consumer makes room or the buffer's timeout elapses, then reject the item. */
        BLOCK_WITH_TIMEOUT,

        /**
         * Grow the buffer, doubling up to its maximum capacity, then apply the buffer's fallback policy. The
         * buffer does not grow while memory pressure has shrunk its capacity.
         */
        RESIZE
    }
}
