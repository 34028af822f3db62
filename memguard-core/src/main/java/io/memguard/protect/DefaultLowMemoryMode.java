package io.memguard.protect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.memguard.internal.Listeners;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.pressure.MemoryPressureLevel;

/*
 * Two independent inputs decide whether the mode is on: the automatic rule (driven by pressure levels and
 * the ticker) and the manual setting (forceOn/release). The mode is on when either is. Every input is
 * applied under one lock, so transitions are computed from a consistent state and listeners see them in
 * order, exactly once each. The outcome is published in a volatile boolean, so isActive() costs one
 * volatile read and never takes the lock.
 *
 * The automatic rule turns on at the enter level and notes the ticker's reading; it turns off at or below the exit
 * level, but not before the minimum duration has passed since it turned on. When a recovery arrives too
 * early, a re-evaluation is scheduled for the moment the duration ends (on the JDK's shared delayed
 * executor, so no thread is owned here), because the monitor only reports level changes and may never
 * speak again while the level stays low. At most one such re-evaluation is pending at a time.
 *
 * Durations are measured with the nanosecond ticker; the clock only stamps the changes users see.
 */
final class DefaultLowMemoryMode implements LowMemoryMode {

    private static final Logger logger = LoggerFactory.getLogger(DefaultLowMemoryMode.class);

    private final MemoryPressureLevel enterLevel;

    private final MemoryPressureLevel exitLevel;

    private final Duration minimumDuration;

    private final long minimumNanos;

    private final LongSupplier ticker;

    private final Clock clock;

    private final boolean automaticRule;

    private final List<Consumer<LowMemoryModeChange>> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private final Object lock = new Object();

    private volatile boolean active;

    // Guarded by lock.
    private MemoryPressureLevel level = MemoryPressureLevel.NONE;

    private boolean automatic;

    // The ticker's reading when the automatic rule turned on; meaningful while automatic.
    private long automaticSinceNanos;

    private boolean forced;

    private boolean reevaluationPending;

    private @Nullable Instant since;

    private @Nullable LowMemoryModeChange lastChange;

    private long timesEntered;

    DefaultLowMemoryMode(MemoryPressureLevel enterLevel, MemoryPressureLevel exitLevel, Duration minimumDuration,
            LongSupplier ticker, Clock clock, boolean automaticRule) {
        this.automaticRule = automaticRule;
        this.enterLevel = enterLevel;
        this.exitLevel = exitLevel;
        this.minimumDuration = minimumDuration;
        this.minimumNanos = TimeUnit.NANOSECONDS.convert(minimumDuration);
        this.ticker = ticker;
        this.clock = clock;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void forceOn() {
        synchronized (lock) {
            forced = true;
            publish(false);
        }
    }

    @Override
    public void release() {
        synchronized (lock) {
            if (!forced) {
                return;
            }
            forced = false;
            applyAutomaticRule(ticker.getAsLong());
            publish(true);
        }
    }

    @Override
    public void update(MemoryPressureLevel level) {
        Objects.requireNonNull(level, "level");
        synchronized (lock) {
            this.level = level;
            applyAutomaticRule(ticker.getAsLong());
            publish(false);
        }
    }

    @Override
    public void reevaluate() {
        synchronized (lock) {
            reevaluationPending = false;
            applyAutomaticRule(ticker.getAsLong());
            publish(false);
        }
    }

    private void applyAutomaticRule(long now) {
        if (!automaticRule) {
            return;
        }
        if (level.isAtLeast(enterLevel)) {
            if (!automatic) {
                automatic = true;
                automaticSinceNanos = now;
            }
        }
        else if (automatic && level.compareTo(exitLevel) <= 0) {
            long inMode = now - automaticSinceNanos;
            if (inMode >= minimumNanos) {
                automatic = false;
            }
            else {
                scheduleReevaluation(minimumNanos - inMode);
            }
        }
    }

    private void scheduleReevaluation(long delayNanos) {
        if (reevaluationPending) {
            return;
        }
        reevaluationPending = true;
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS).execute(this::reevaluate);
    }

    private void publish(boolean released) {
        boolean on = forced || automatic;
        if (on == active) {
            return;
        }
        LowMemoryModeChange.Cause cause;
        if (on) {
            cause = forced ? LowMemoryModeChange.Cause.FORCED : LowMemoryModeChange.Cause.PRESSURE;
            timesEntered++;
        }
        else {
            cause = released ? LowMemoryModeChange.Cause.RELEASED : LowMemoryModeChange.Cause.RECOVERED;
        }
        LowMemoryModeChange change = new LowMemoryModeChange(on, cause, level, clock.instant());
        since = change.timestamp();
        lastChange = change;
        active = on;
        logger.info("{}", change.describe());
        Listeners.notifyEach(listeners, listener -> listener.accept(change), listenerFailures, logger,
                this);
    }

    @Override
    public LowMemoryModeSnapshot snapshot() {
        synchronized (lock) {
            return new LowMemoryModeSnapshot(active, forced, automatic, level, since, lastChange, timesEntered);
        }
    }

    @Override
    public MemoryPressureLevel enterLevel() {
        return enterLevel;
    }

    @Override
    public MemoryPressureLevel exitLevel() {
        return exitLevel;
    }

    @Override
    public Duration minimumDuration() {
        return minimumDuration;
    }

    @Override
    public void addListener(Consumer<LowMemoryModeChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<LowMemoryModeChange> listener) {
        listeners.remove(listener);
    }

    @Override
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    @Override
    public String toString() {
        return "LowMemoryMode[active=" + active + ", enterLevel=" + enterLevel + ", exitLevel=" + exitLevel
                + ", minimumDuration=" + minimumDuration + "]";
    }
}
