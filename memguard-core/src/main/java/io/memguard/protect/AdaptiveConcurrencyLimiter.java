package io.memguard.protect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import io.memguard.admission.AdmissionController;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * A limit on concurrent work that narrows as memory pressure rises and widens again when it falls, so that a
 * service short of memory takes on less at once instead of failing everything it holds.
 *
 * <p>Below the {@linkplain Builder#shrinkFrom shrink level} (default {@code MODERATE}) the limit is the
 * maximum; at {@code CRITICAL} it is the minimum; in between it falls in equal steps. With a maximum of 64,
 * a minimum of 4 and the default shrink level, the limit is 64 at {@code NONE} and {@code LOW}, 44 at
 * {@code MODERATE}, 24 at {@code HIGH} and 4 at {@code CRITICAL}.
 *
 * <p>Where the application has an {@link AdmissionController}, the limiter follows it instead of the level
 * ({@code controller.addLimitListener(limiter::follow)}): the limit then stands between the minimum and the maximum where the
 * admission limit stands between its floor and its maximum, so that executors and requests are narrowed by one
 * feedback loop on memory headroom, not by two mechanisms that could disagree. The level-driven steps remain for
 * applications without a controller.
 *
 * <p>Acquisition is fair (first come, first served) and interruptible. When the limit shrinks below the
 * work already running, nothing is interrupted: new work waits until enough of it has finished.
 *
 * <pre>{@code
 * Executor executor = limiter.wrap(workers);   // execute() waits for a permit, then hands the task over
 * }</pre>
 *
 * @since 0.1.0
 */
public interface AdaptiveConcurrencyLimiter extends PressureAware {

    /**
     * Waits for a permit, in arrival order.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; no permit is then held
     */
    void acquire() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for a permit, in arrival order.
     *
     * @param timeout the longest wait
     * @return {@code true} if a permit was acquired, {@code false} if the timeout elapsed first
     * @throws InterruptedException if the thread is interrupted while waiting; no permit is then held
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Returns a permit acquired earlier.
     *
     * @throws IllegalStateException if more permits are released than were acquired
     */
    void release();

    /**
     * Sets the limit for a pressure level.
     *
     * @param level the current pressure level
     */
    void update(MemoryPressureLevel level);

    /**
     * Sets the limit for the effective level, until the limiter follows an admission limit ({@link #follow}): from
     * then on the admission limit, which already reflects the heap, sets it, and pressure levels are ignored.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current);

    /**
     * Sets the limit where the admission limit stands: the minimum at an openness of 0, the maximum at 1.
     *
     * @param openness where the admission limit stands between its floor and its maximum, in [0..1]
     * @since 0.2.0
     */
    void follow(double openness);

    /**
     * The limit at an openness of the admission limit, rounded to the nearest permit.
     *
     * @param openness a ratio in [0..1]; clamped into it
     * @param minLimit the limit at 0
     * @param maxLimit the limit at 1
     * @return the limit, between {@code minLimit} and {@code maxLimit}
     * @since 0.2.0
     */
    static int limitFor(double openness, int minLimit, int maxLimit) {
        double clamped = Math.max(0.0, Math.min(1.0, openness));
        return minLimit + (int) Math.round((maxLimit - minLimit) * clamped);
    }

    /**
     * An executor that waits for a permit in {@code execute}, then runs the task on {@code delegate} and
     * returns the permit when the task ends. Waiting in the caller, rather than queueing inside, keeps
     * memory bounded: the submitter slows down instead of piling up tasks.
     *
     * @param delegate the executor that runs the tasks
     * @return the limited executor; its {@code execute} throws
     *         {@link java.util.concurrent.RejectedExecutionException} if interrupted while waiting
     */
    Executor wrap(Executor delegate);

    /**
     * Like {@link #wrap(Executor)}, but rejects a task that waited longer than {@code timeout} for a permit.
     *
     * @param delegate the executor that runs the tasks
     * @param timeout  the longest wait for a permit
     * @return the limited executor
     */
    Executor wrap(Executor delegate, Duration timeout);

    /**
     * The limiter's name, used in metrics and messages.
     *
     * @return the name
     */
    String name();

    /**
     * The limit now.
     *
     * @return how many permits may be held at once at the current level
     */
    int limit();

    /**
     * The limit when there is no pressure.
     *
     * @return the maximum limit
     */
    int maxLimit();

    /**
     * The limit at {@code CRITICAL}.
     *
     * @return the minimum limit
     */
    int minLimit();

    /**
     * Permits held now. May exceed {@link #limit()} for a while right after the limit shrank.
     *
     * @return the number of permits held
     */
    int inFlight();

    /**
     * Threads waiting for a permit now (an estimate, as in {@link java.util.concurrent.Semaphore}).
     *
     * @return the number of waiting threads
     */
    int waiting();

    /**
     * Acquisitions that had to wait, since the limiter was created.
     *
     * @return the number of acquisitions that found no free permit
     */
    long waits();

    /**
     * Total time spent waiting for permits, since the limiter was created.
     *
     * @return the total wait time in nanoseconds
     */
    long waitNanos();

    /**
     * The limit at a level, for a range of limits and a shrink level.
     *
     * @param level      the pressure level
     * @param minLimit   the limit at {@code CRITICAL}
     * @param maxLimit   the limit below {@code shrinkFrom}
     * @param shrinkFrom the first level at which the limit is below the maximum
     * @return the limit, between {@code minLimit} and {@code maxLimit}
     */
    static int limitFor(MemoryPressureLevel level, int minLimit, int maxLimit, MemoryPressureLevel shrinkFrom) {
        if (!level.isAtLeast(shrinkFrom)) {
            return maxLimit;
        }
        int steps = MemoryPressureLevel.CRITICAL.severity() - shrinkFrom.severity() + 1;
        int step = level.severity() - shrinkFrom.severity() + 1;
        return maxLimit - (int) ((long) (maxLimit - minLimit) * step / steps);
    }

    /**
     * A builder for a limiter with the given name.
     *
     * @param name the limiter's name, such as {@code workers}
     * @return a new builder
     */
    static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds an {@link AdaptiveConcurrencyLimiter}.
     *
     * @since 0.1.0
     */
    final class Builder {

        private final String name;

        private int minLimit = 4;

        private int maxLimit = 64;

        private MemoryPressureLevel shrinkFrom = MemoryPressureLevel.MODERATE;

        private LongSupplier ticker = System::nanoTime;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
        }

        /**
         * The limit at {@code CRITICAL}; at least 1 (default 4).
         *
         * @param minLimit the minimum limit
         * @return this builder
         */
        public Builder minLimit(int minLimit) {
            this.minLimit = minLimit;
            return this;
        }

        /**
         * The limit without pressure; at least the minimum (default 64).
         *
         * @param maxLimit the maximum limit
         * @return this builder
         */
        public Builder maxLimit(int maxLimit) {
            this.maxLimit = maxLimit;
            return this;
        }

        /**
         * The first level at which the limit shrinks, above {@code NONE} (default {@code MODERATE}).
         *
         * @param shrinkFrom the shrink level
         * @return this builder
         */
        public Builder shrinkFrom(MemoryPressureLevel shrinkFrom) {
            this.shrinkFrom = Objects.requireNonNull(shrinkFrom, "shrinkFrom");
            return this;
        }

        /**
         * The nanosecond ticker that times waits for the wait-time metrics (default {@link System#nanoTime()});
         * tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the limiter, at its maximum limit.
         *
         * @return the limiter
         * @throws IllegalArgumentException if the minimum is below 1, the maximum below the minimum, or the
         *                                  shrink level is {@code NONE}
         */
        public AdaptiveConcurrencyLimiter build() {
            if (minLimit < 1) {
                throw new IllegalArgumentException("minLimit must be at least 1, was " + minLimit);
            }
            if (maxLimit < minLimit) {
                throw new IllegalArgumentException("maxLimit (" + maxLimit + ") must not be below minLimit ("
                        + minLimit + ")");
            }
            if (shrinkFrom == MemoryPressureLevel.NONE) {
                throw new IllegalArgumentException("shrinkFrom must be above NONE");
            }
            return new SemaphoreConcurrencyLimiter(name, minLimit, maxLimit, shrinkFrom, ticker);
        }
    }
}
