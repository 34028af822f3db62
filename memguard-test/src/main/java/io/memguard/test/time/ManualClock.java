package io.memguard.test.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC {@link Clock} that only moves when told to: a test double, for tests of TTLs, cooldowns and rates, so that
 * none sleeps to wait for time to pass. Not for production. Every memguard component that reads time takes a {@code Clock} or an
 * {@code InstantSource}, which this is.
 *
 * <p>Thread-safe: the instant is one volatile field; {@link #advance(Duration)} is atomic.
 *
 * @since 0.1.0
 */
public final class ManualClock extends Clock {

    /** Where a clock made with {@link #ManualClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

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
        now = now.plus(Objects.requireNonNull(duration, "duration"));
        return now;
    }

    /**
     * Sets the clock to {@code instant}, backwards included.
     *
     * @param instant the new instant; not {@code null}
     */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
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
