package io.memguard.admission;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.PressureSettings.PressureThresholds;

/**
 * Admits work by its expected memory: a limit on the WEIGHT of work in flight (expected bytes, so that one bulk import
 * counts as hundreds of light reads), moved by a feedback loop on memory headroom.
 *
 * <p>The limit starts at its maximum, so an application that has memory to spare never notices the controller. At
 * every {@linkplain #onSnapshot snapshot} of the pressure monitor (each poll, each collection), the loop compares the
 * fuller of heap-after-GC and the container's working set with the {@linkplain Builder#target target} and projects
 * it one {@linkplain Builder#horizon horizon} ahead: it cuts the limit (multiplicatively, from the weight in flight
 * when that is below the limit) when the ratio or its projection reaches the target, and grows it back (additively, in
 * proportion to time) while both stay below the
 * target minus a hysteresis band and the limit was actually binding. It never goes below a floor, and work always
 * progresses: with nothing in flight, any one request is admitted whatever its weight.
 *
 * <p>Each {@link Priority} may fill only its share of the limit, so the lowest is refused first. Work over its share
 * waits in a short bounded queue, and is refused when the queue is full or the wait times out.
 *
 * <pre>{@code
 * AdmissionDecision decision = controller.enter(weight, Priority.NORMAL);
 * if (!decision.isAdmitted()) {
 *     return 503;                       // with Retry-After
 * }
 * try {
 *     handle();
 * }
 * finally {
 *     controller.exit(weight);
 * }
 * }</pre>
 *
 * <p>Admitting while the limit has room and no request waits, and every {@link #exit}, is one compare-and-set on the
 * in-flight weight: no lock, no allocation. Waiting takes a lock.
 *
 * @since 0.2.0
 */
public interface AdmissionController {

    /**
     * Admits work of a weight, waiting in the queue if there is no room now.
     *
     * @param weight   the expected bytes of the work; at least 1
     * @param priority the work's priority
     * @return the decision; if admitted, {@link #exit(long)} must follow with the same weight
     * @throws InterruptedException if interrupted while waiting; nothing is then admitted
     */
    AdmissionDecision enter(long weight, Priority priority) throws InterruptedException;

    /**
     * Admits work of a weight only if there is room now, without waiting (for callers that must not block, such as
     * an event loop).
     *
     * @param weight   the expected bytes of the work; at least 1
     * @param priority the work's priority
     * @return {@link AdmissionDecision#ADMITTED}, or {@link AdmissionDecision#REFUSED_QUEUE_FULL} when there is no
     *         room
     */
    AdmissionDecision tryEnter(long weight, Priority priority);

    /**
     * Gives back the weight of admitted work that ended.
     *
     * @param weight the weight it was admitted with
     * @throws IllegalStateException if more weight is given back than is in flight
     */
    void exit(long weight);

    /**
     * Feeds the loop one snapshot of the memory signals.
     *
     * @param snapshot the pressure monitor's latest snapshot
     */
    void onSnapshot(MemorySnapshot snapshot);

    /**
     * Registers a listener told of every change of the limit, so that other limits (an executor's concurrency) follow
     * the same loop. It is given the new {@linkplain #openness() openness}: where the limit stands between the floor
     * (0) and the maximum (1); {@link #limit()} already reads the new limit. Called on the thread that fed the
     * controller (the pressure monitor's refresh thread): quick and non-blocking. A listener that throws is logged
     * and counted; the controller and the other listeners carry on.
     *
     * @param listener takes the new openness, in [0..1]; not {@code null}
     */
    void addLimitListener(DoubleConsumer listener);

    /**
     * Unregisters a limit listener; does nothing if it was not registered.
     *
     * @param listener the listener
     */
    void removeLimitListener(DoubleConsumer listener);

    /**
     * A consistent-enough view of the counters and the loop, for the endpoint and the metrics.
     *
     * @return a snapshot of the limit, the load and the counters
     */
    AdmissionSnapshot snapshot();

    /**
     * The limit now, in bytes of expected work in flight.
     *
     * @return the limit
     */
    long limit();

    /**
     * The weight of admitted work not yet ended.
     *
     * @return bytes of expected work in flight
     */
    long inFlight();

    /**
     * Where the limit stands between its floor (0) and its maximum (1).
     *
     * @return a ratio in [0..1]
     */
    double openness();

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link AdmissionController}. Not thread-safe.
     *
     * @since 0.2.0
     */
    final class Builder {

        double target = PressureThresholds.DEFAULT.moderate();

        double hysteresis = 0.05;

        Duration horizon = Duration.ofSeconds(2);

        double decreaseFactor = 0.7;

        double increasePerSecond = 0.05;

        Duration cutCooldown = Duration.ofMillis(500);

        long maxLimit = Runtime.getRuntime().maxMemory();

        long minLimit = -1;

        Duration queueTimeout = Duration.ofMillis(250);

        int queueCapacity = 64;

        LongSupplier ticker = System::nanoTime;

        private Builder() {
        }

        /**
         * The ratio of heap-after-GC or container working set the loop steers below (default 0.75, the
         * {@code MODERATE} threshold of the byte signals); in (0..1).
         *
         * @param target the target ratio
         * @return this builder
         */
        public Builder target(double target) {
            this.target = target;
            return this;
        }

        /**
         * How far below the target the ratio must be for the limit to grow (default 0.05); in [0..target).
         *
         * @param hysteresis the band
         * @return this builder
         */
        public Builder hysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * How far ahead the rising ratio is projected (default 2 s); zero looks at the ratio only.
         *
         * @param horizon the projection horizon
         * @return this builder
         */
        public Builder horizon(Duration horizon) {
            this.horizon = Objects.requireNonNull(horizon, "horizon");
            return this;
        }

        /**
         * What a cut multiplies the weight in flight by, or the limit when that is lower or nothing is in flight
         * (default 0.7); in (0..1).
         *
         * @param decreaseFactor the factor
         * @return this builder
         */
        public Builder decreaseFactor(double decreaseFactor) {
            this.decreaseFactor = decreaseFactor;
            return this;
        }

        /**
         * How fast the limit grows back, as a share of the maximum per second (default 0.05: from floor to maximum in
         * about 20 s); in (0..1].
         *
         * @param increasePerSecond the growth rate
         * @return this builder
         */
        public Builder increasePerSecond(double increasePerSecond) {
            this.increasePerSecond = increasePerSecond;
            return this;
        }

        /**
         * The shortest time between two cuts (default 500 ms); not negative.
         *
         * @param cutCooldown the cooldown
         * @return this builder
         */
        public Builder cutCooldown(Duration cutCooldown) {
            this.cutCooldown = Objects.requireNonNull(cutCooldown, "cutCooldown");
            return this;
        }

        /**
         * The limit without pressure, where the controller starts (default the heap's maximum size); at least 1.
         *
         * @param maxLimit bytes of expected work in flight
         * @return this builder
         */
        public Builder maxLimit(long maxLimit) {
            this.maxLimit = maxLimit;
            return this;
        }

        /**
         * The floor no cut goes below (default 1/32 of the maximum); at least 1 and at most the maximum.
         *
         * @param minLimit bytes of expected work in flight
         * @return this builder
         */
        public Builder minLimit(long minLimit) {
            this.minLimit = minLimit;
            return this;
        }

        /**
         * The longest wait in the queue before a request is refused (default 250 ms); not negative.
         *
         * @param queueTimeout the timeout
         * @return this builder
         */
        public Builder queueTimeout(Duration queueTimeout) {
            this.queueTimeout = Objects.requireNonNull(queueTimeout, "queueTimeout");
            return this;
        }

        /**
         * How many requests may wait at once (default 64); zero refuses at once what does not fit.
         *
         * @param queueCapacity the queue's length
         * @return this builder
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * The time source of the loop, in nanoseconds (default {@link System#nanoTime()}).
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the controller, at its maximum limit.
         *
         * @return the controller
         * @throws IllegalArgumentException naming the setting, if one is out of range
         */
        public AdmissionController build() {
            require(target > 0 && target < 1, "target must be in (0..1), was " + target);
            require(hysteresis >= 0 && hysteresis < target,
                    "hysteresis must be in [0..target), was " + hysteresis + " with target " + target);
            require(!horizon.isNegative(), "horizon must not be negative, was " + horizon);
            require(decreaseFactor > 0 && decreaseFactor < 1, "decreaseFactor must be in (0..1), was "
                    + decreaseFactor);
            require(increasePerSecond > 0 && increasePerSecond <= 1, "increasePerSecond must be in (0..1], was "
                    + increasePerSecond);
            require(!cutCooldown.isNegative(), "cutCooldown must not be negative, was " + cutCooldown);
            require(maxLimit >= 1, "maxLimit must be at least 1, was " + maxLimit);
            long floor = (minLimit < 0) ? Math.max(1, maxLimit / 32) : minLimit;
            require(floor >= 1 && floor <= maxLimit, "minLimit must be in [1..maxLimit (" + maxLimit + ")], was "
                    + minLimit);
            require(!queueTimeout.isNegative(), "queueTimeout must not be negative, was " + queueTimeout);
            require(queueCapacity >= 0, "queueCapacity must not be negative, was " + queueCapacity);
            return new WeightedAdmissionController(this, floor);
        }

        private static void require(boolean valid, String message) {
            if (!valid) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * What the admission controller decided for one request.
     *
     * @since 0.2.0
     */
    public enum AdmissionDecision {

        /** Admitted at once. */
        ADMITTED(true, "admitted"),

        /** Admitted after waiting in the queue. */
        ADMITTED_AFTER_WAIT(true, "queued"),

        /** Refused at once: the queue was full. */
        REFUSED_QUEUE_FULL(false, "queue-full"),

        /** Refused: the limit left no room before the queue timeout. */
        REFUSED_TIMEOUT(false, "timeout");

        private final boolean admitted;

        private final String tag;

        AdmissionDecision(boolean admitted, String tag) {
            this.admitted = admitted;
            this.tag = tag;
        }

        /**
         * Whether the request may run; if so, its weight must be given back with {@link AdmissionController#exit}.
         *
         * @return {@code true} for the two admitted outcomes
         */
        public boolean isAdmitted() {
            return admitted;
        }

        /**
         * The value of the {@code outcome} tag in metrics, such as {@code queue-full}.
         *
         * @return the tag value
         */
        public String tag() {
            return tag;
        }
    }

    /**
     * How much of the admission limit a request may use. Under pressure the limit shrinks, and the lowest priority
     * reaches its share first: its requests wait, then are refused, while higher priorities still get in.
     *
     * @since 0.2.0
     */
    public enum Priority {

        /** Work that can be retried later (bulk imports, reports, batch calls): at most half of the limit. */
        LOW(0.5),

        /** Ordinary requests: at most 80% of the limit, so that a fifth stays for {@link #HIGH}. */
        NORMAL(0.8),

        /**
         * Work that must go through while memory allows any (health of the business: checkout, login): the whole limit.
         */
        HIGH(1.0);

        private final double share;

        Priority(double share) {
            this.share = share;
        }

        /**
         * The share of the limit that in-flight work may reach for a request of this priority to be admitted.
         *
         * @return a ratio in (0..1]
         */
        public double share() {
            return share;
        }

        /**
         * The in-flight weight up to which a request of this priority is admitted under a limit.
         *
         * @param limit the controller's limit
         * @return {@code limit} times this priority's share
         */
        long capOf(long limit) {
            return (share == 1.0) ? limit : (long) (limit * share);
        }
    }
}
