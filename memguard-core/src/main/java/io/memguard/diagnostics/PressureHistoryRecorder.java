package io.memguard.diagnostics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Keeps a {@link MemoryObservations.PressureHistory} from the level changes it is told of: the evidence for advice
 * such as "enable low-memory mode".
 *
 * @since 0.1.0
 */
public final class PressureHistoryRecorder implements PressureAware {

    private final Clock clock;

    // Guarded by this.
    private MemoryPressureLevel current = MemoryPressureLevel.NONE;

    private MemoryPressureLevel peak = MemoryPressureLevel.NONE;

    private long timesHigh;

    private long timesCritical;

    private Duration finishedAtHigh = Duration.ZERO;

    private @Nullable Instant highSince;

    /**
     * Creates a recorder that has seen no pressure.
     *
     * @param clock times the episodes at {@code HIGH} or above
     */
    public PressureHistoryRecorder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel next) {
        Instant now = clock.instant();
        boolean wasHigh = current.isAtLeast(MemoryPressureLevel.HIGH);
        boolean isHigh = next.isAtLeast(MemoryPressureLevel.HIGH);
        if (isHigh && !wasHigh) {
            timesHigh++;
            highSince = now;
        }
        else if (wasHigh && !isHigh) {
            finishedAtHigh = finishedAtHigh.plus(Duration.between(highSince, now));
            highSince = null;
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
        Duration atHigh = highSince == null ? finishedAtHigh
                : finishedAtHigh.plus(Duration.between(highSince, clock.instant()));
        return new MemoryObservations.PressureHistory(peak, timesHigh, timesCritical, atHigh);
    }
}
