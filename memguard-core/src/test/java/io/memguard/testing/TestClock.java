package io.memguard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A UTC clock and a nanosecond ticker that move only when a test advances them: memguard-core's own tests' double.
 * The ticker starts at an arbitrary negative reading, as {@link System#nanoTime()} may, so that a component that
 * took a reading of {@code 0} for "never" or compared readings instead of their difference fails its tests.
 * Users' tests take {@code io.memguard.test.time.ManualClock} from memguard-test, which depends on memguard-core and
 * so cannot serve core's tests without a build cycle; this one holds only what core's tests call.
 */
public final class TestClock extends Clock {

    /** The ticker's first reading. */
    public static final long TICKER_START = -1_000_000_000_000_000L;

    private volatile Instant now;

    private volatile long nanos = TICKER_START;

    public TestClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public TestClock(Instant start) {
        this.now = start;
    }

    public synchronized Instant advance(Duration duration) {
        nanos += duration.toNanos();
        now = now.plus(duration);
        return now;
    }

    /** The ticker's reading, moved with the instant by {@link #advance}. */
    public long nanoTime() {
        return nanos;
    }

    /** This clock as a nanosecond ticker, for the builders' {@code ticker(LongSupplier)}. */
    public LongSupplier ticker() {
        return this::nanoTime;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Not needed by core's tests, and a copy in another zone would stop following {@link #advance}. */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestClock stays in UTC");
    }
}
