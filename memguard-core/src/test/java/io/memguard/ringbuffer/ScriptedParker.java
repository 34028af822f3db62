package io.memguard.ringbuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A {@link Parker} on a fake clock: parking runs a scripted action instead of waiting, so tests drive
 * timeouts deterministically. By default a park lets the whole requested time pass.
 */
final class ScriptedParker implements Parker {

    private volatile long now = 1_000_000_000L;

    private final List<Long> parkedNanos = new ArrayList<>();

    private LongConsumer onPark = this::advance;

    /** Replaces what a park does; the action gets the requested nanoseconds. */
    ScriptedParker onPark(LongConsumer action) {
        this.onPark = action;
        return this;
    }

    void advance(long nanos) {
        now += nanos;
    }

    /** The nanoseconds each park asked for, in order. */
    List<Long> parkedNanos() {
        return parkedNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void parkNanos(Object blocker, long nanos) {
        parkedNanos.add(nanos);
        onPark.accept(nanos);
    }

    @Override
    public void unpark(Thread thread) {
    }
}
