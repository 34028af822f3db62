package io.memguard.protect;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * An application-wide mode in which every memguard component gives memory back: pools stop retaining, ring
 * buffers and caches shrink, quotas evict to their soft threshold. Application code can ask
 * {@link #isActive()} to skip optional work of its own.
 *
 * <p>The mode is on while either of two things calls for it:
 * <ul>
 * <li>the <b>automatic rule</b>: it turns on when the pressure level reaches the enter level (default
 * {@code HIGH}), and turns off once the level is back at or below the exit level (default {@code MODERATE})
 * and the mode has been on for at least the minimum duration, so that it does not flap;</li>
 * <li>the <b>manual setting</b>: {@link #forceOn()} keeps it on until {@link #release()}, which hands
 * control back to the automatic rule (so the mode stays on if pressure is still high).</li>
 * </ul>
 *
 * <p>The mode is one input of the effective level that {@link EffectivePressure} tells every {@link PressureAware}
 * component: while it is on, each component is told at least its {@link PressureAware#lowMemoryFloor() floor}.
 * {@code EffectivePressure} also feeds the mode the measured level; {@link #update(MemoryPressureLevel)} does the
 * same by hand. A recovery that arrives before the minimum duration has passed is applied when the duration ends,
 * without a further level change.
 *
 * @since 0.1.0
 */
public interface LowMemoryMode {

    /**
     * Whether the mode is on. One volatile read: safe to call on every request.
     *
     * @return {@code true} while the mode is on
     */
    boolean isActive();

    /**
     * Turns the mode on and keeps it on until {@link #release()}, whatever the pressure.
     */
    void forceOn();

    /**
     * Ends the manual setting and hands control back to the automatic rule: the mode stays on if the rule
     * calls for it and turns off otherwise. Does nothing if the mode is not forced.
     */
    void release();

    /**
     * Applies the automatic rule to a new pressure level.
     *
     * @param level the current pressure level
     */
    void update(MemoryPressureLevel level);

    /**
     * Applies the automatic rule again to the last level, now: a pending exit whose minimum duration has
     * passed takes effect. Called by the mode itself when that duration ends; harmless to call at any time.
     */
    void reevaluate();

    /**
     * What the mode is doing now.
     *
     * @return a consistent view of the mode's state
     */
    LowMemoryModeSnapshot snapshot();

    /**
     * The level at which the automatic rule turns the mode on.
     *
     * @return the enter level
     */
    MemoryPressureLevel enterLevel();

    /**
     * The level at or below which the automatic rule turns the mode off.
     *
     * @return the exit level
     */
    MemoryPressureLevel exitLevel();

    /**
     * The least time the automatic rule keeps the mode on once entered.
     *
     * @return the minimum duration
     */
    Duration minimumDuration();

    /**
     * Registers a listener told of every change from now on: one call at a time, in the order of the changes, on
     * the thread that caused the change (a pressure notification thread, the thread that forced or released the mode,
     * or the JDK's shared delayed executor when a deferred exit takes effect). Quick and non-blocking; a listener
     * that throws is logged and counted, and the mode and the other listeners carry on. memguard's components do
     * not need one: they follow the mode through their effective level ({@link PressureAware#lowMemoryFloor()}).
     *
     * @param listener takes whether the mode is now on, why, at which level and when; not {@code null}
     */
    void addListener(Consumer<LowMemoryModeChange> listener);

    /**
     * Unregisters a listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeListener(Consumer<LowMemoryModeChange> listener);

    /**
     * How many times a listener threw since the mode was created.
     *
     * @return the number of listener failures
     */
    long listenerFailures();

    /**
     * A builder with the defaults: enter at {@code HIGH}, exit at {@code MODERATE}, at least 30 seconds in
     * mode, timed by {@link System#nanoTime()} and stamped by the system clock.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link LowMemoryMode}.
     *
     * @since 0.1.0
     */
    final class Builder {

        private MemoryPressureLevel enterLevel = MemoryPressureLevel.HIGH;

        private MemoryPressureLevel exitLevel = MemoryPressureLevel.MODERATE;

        private Duration minimumDuration = Duration.ofSeconds(30);

        private LongSupplier ticker = System::nanoTime;

        private Clock clock = Clock.systemUTC();

        private boolean automatic = true;

        private Builder() {
        }

        /**
         * The level at which the mode turns on automatically; above {@code NONE}.
         *
         * @param enterLevel the enter level
         * @return this builder
         */
        public Builder enterLevel(MemoryPressureLevel enterLevel) {
            this.enterLevel = Objects.requireNonNull(enterLevel, "enterLevel");
            return this;
        }

        /**
         * The level at or below which the mode turns off again; below the enter level.
         *
         * @param exitLevel the exit level
         * @return this builder
         */
        public Builder exitLevel(MemoryPressureLevel exitLevel) {
            this.exitLevel = Objects.requireNonNull(exitLevel, "exitLevel");
            return this;
        }

        /**
         * The least time the mode stays on once entered automatically; zero or more.
         *
         * @param minimumDuration the minimum duration
         * @return this builder
         */
        public Builder minimumDuration(Duration minimumDuration) {
            this.minimumDuration = Objects.requireNonNull(minimumDuration, "minimumDuration");
            return this;
        }

        /**
         * Whether the automatic rule applies; when {@code false} the mode is on only while forced, and
         * {@link LowMemoryMode#update(MemoryPressureLevel)} just records the level. Default {@code true}.
         *
         * @param automatic whether pressure turns the mode on by itself
         * @return this builder
         */
        public Builder automatic(boolean automatic) {
            this.automatic = automatic;
            return this;
        }

        /**
         * The nanosecond ticker that times the minimum duration (default {@link System#nanoTime()}); tests pass a
         * manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The wall clock that stamps changes and the time the mode has been on since (default the system clock,
         * in UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the mode, off and at level {@code NONE}.
         *
         * @return the mode
         * @throws IllegalArgumentException if the enter level is {@code NONE}, the exit level is not below
         *                                  it, or the minimum duration is negative
         */
        public LowMemoryMode build() {
            if (enterLevel == MemoryPressureLevel.NONE) {
                throw new IllegalArgumentException("enterLevel must be above NONE, or the mode would always be on");
            }
            if (exitLevel.isAtLeast(enterLevel)) {
                throw new IllegalArgumentException("exitLevel (" + exitLevel + ") must be below enterLevel ("
                        + enterLevel + ")");
            }
            if (minimumDuration.isNegative()) {
                throw new IllegalArgumentException("minimumDuration must not be negative, was " + minimumDuration);
            }
            return new DefaultLowMemoryMode(enterLevel, exitLevel, minimumDuration, ticker, clock, automatic);
        }
    }
}
