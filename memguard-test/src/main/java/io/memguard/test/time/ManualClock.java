package io.memguard.test.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A UTC {@link Clock} and a nanosecond ticker that only move when told to: a test double, for tests of TTLs,
 * cooldowns and rates, so that none sleeps to wait for time to pass. Not for production. memguard components
 * measure durations with a ticker ({@code ticker(LongSupplier)} on their builders) and stamp wall-clock times with
 * a {@code Clock} ({@code clock(Clock)}); one manual clock drives both:
 * {@code builder.clock(clock).ticker(clock.ticker())}.
 *
 * <p>The ticker reads {@code 0} when the clock is made and moves with it: {@link #advance(Duration)} and
 * {@link #set(Instant)} move the instant and the ticker by the same amount, backwards included.
 *
 * <p>Thread-safe: the instant and the ticker are moved together under the clock's lock and read without it.
 *
 * @since 0.1.0
 */
public final class ManualClock extends Clock {

    /** Where a clock made with {@link #ManualClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    // Nanoseconds since the clock was made; written with now, under the lock.
    private volatile long nanos;

    /**
     * A clock at {@link #DEFAULT_START}.
     */
    public ManualClock() {
        this(DEFAULT_START);
    }

    /**
     * A clock at {@code start}.
     *
     * @param start the first instant; not {@code null}
     */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock by {@code duration}: forward, or backward when it is negative (to test a component fed with
     * samples from the past, or a clock that jumps back).
     *
     * @param duration how far; not {@code null}
     * @return the new instant
     */
    public synchronized Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        Instant next = now.plus(duration);
        nanos += duration.toNanos();
        now = next;
        return next;
    }

    /**
     * Sets the clock to {@code instant}, backwards included.
     *
     * @param instant the new instant; not {@code null}
     */
    public synchronized void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        nanos += Duration.between(now, instant).toNanos();
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /**
     * The ticker's reading: nanoseconds since the clock was made, moved by {@link #advance(Duration)} and
     * {@link #set(Instant)}.
     *
     * @return the current reading, in nanoseconds
     */
    public long nanoTime() {
        return nanos;
    }

    /**
     * This clock as a nanosecond ticker, for the {@code ticker(LongSupplier)} of memguard's builders.
     *
     * @return a ticker that reads {@link #nanoTime()}
     */
    public LongSupplier ticker() {
        return this::nanoTime;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * Not supported: a manual clock stays in UTC, so that two views of it never drift apart.
     *
     * @throws UnsupportedOperationException always, unless {@code zone} is UTC
     */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("A ManualClock stays in UTC");
    }

    @Override
    public String toString() {
        return "ManualClock[" + now + "]";
    }
}
