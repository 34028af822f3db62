package io.memguard.diagnostics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Keeps a {@link MemoryObservations.PressureHistory} from the level changes it is told of: the evidence for advice
 * such as "enable low-memory mode".
 *
 * @since 0.1.0
 */
public final class PressureHistoryRecorder implements PressureAware {

    private final LongSupplier ticker;

    // Guarded by this.
    private MemoryPressureLevel current = MemoryPressureLevel.NONE;

    private MemoryPressureLevel peak = MemoryPressureLevel.NONE;

    private long timesHigh;

    private long timesCritical;

    private long finishedAtHighNanos;

    // The ticker's reading when the episode at HIGH or above began; meaningful while current is at HIGH or above.
    private long highSinceNanos;

    /**
     * Creates a recorder that has seen no pressure, timing episodes with {@link System#nanoTime()}.
     */
    public PressureHistoryRecorder() {
        this(System::nanoTime);
    }

    /**
     * Creates a recorder that has seen no pressure.
     *
     * @param ticker the nanosecond ticker that times the episodes at {@code HIGH} or above; tests pass a manual one
     */
    public PressureHistoryRecorder(LongSupplier ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    @Override
    public synchronized void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel next) {
        long now = ticker.getAsLong();
        boolean wasHigh = current.isAtLeast(MemoryPressureLevel.HIGH);
        boolean isHigh = next.isAtLeast(MemoryPressureLevel.HIGH);
        if (isHigh && !wasHigh) {
            timesHigh++;
            highSinceNanos = now;
        }
        else if (wasHigh && !isHigh) {
            finishedAtHighNanos += now - highSinceNanos;
        }
        if (next == MemoryPressureLevel.CRITICAL && current != MemoryPressureLevel.CRITICAL) {
            timesCritical++;
        }
        if (next.isAtLeast(peak)) {
            peak = next;
        }
        current = next;
    }

    /**
     * The history so far.
     *
     * @return the history, with an episode still going on counted up to now
     */
    public synchronized MemoryObservations.PressureHistory history() {
        long atHighNanos = finishedAtHighNanos;
        if (current.isAtLeast(MemoryPressureLevel.HIGH)) {
            atHighNanos += ticker.getAsLong() - highSinceNanos;
        }
        Duration atHigh = Duration.ofNanos(atHighNanos);
        return new MemoryObservations.PressureHistory(peak, timesHigh, timesCritical, atHigh);
    }
}
