package io.memguard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that moves only when a test advances it: memguard-core's own tests' double. Users' tests take
 * {@code io.memguard.test.time.ManualClock} from memguard-test, which depends on memguard-core and so cannot serve
 * core's tests without a build cycle; this one holds only what core's tests call.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    public TestClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public TestClock(Instant start) {
        this.now = start;
    }

    public synchronized Instant advance(Duration duration) {
        now = now.plus(duration);
        return now;
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
