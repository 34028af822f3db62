package io.memguard.pressure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.SignalReading;

/**
 * How long the monitor waits before it reads the container and PSI signals again.
 *
 * <p>Calm, it waits {@link PressureSettings#interval()}: reading two small files a second costs next to nothing and
 * tells nothing new. Once the level reaches {@link PressureSettings#fastFromLevel()}, or while the container's ratio
 * rises faster than {@link PressureSettings#fastRiseRate()} per second between two readings, it waits
 * {@link PressureSettings#fastInterval()}: a container filling at tens of MiB a second crosses the band between two
 * thresholds within one base interval, and the kernel's OOM killer does not wait for the next poll. The rise is
 * measured between consecutive readings of the container, so a surge seen at the base interval turns the next wait
 * fast, and a flat or falling ratio turns it calm again.
 *
 * <p>A level that falls below the fast level keeps the fast interval for {@link #FAST_LINGER} after it was last at
 * or above it. A fall from MODERATE or above most often comes from memory just given back (a full collection, requests
 * shed), not from the growth having stopped, and the growth that follows can be faster than the first: measured in a
 * container whose {@code -Xmx} was larger than its limit, the working set went from LOW to the OOM killer within one
 * base interval after the level fell from CRITICAL, with G1 committing heap again. Times are readings of the
 * monitor's nanosecond ticker, compared by their difference only. Not thread-safe: the monitor calls it under its
 * refresh lock.
 */
final class PollCadence {

    /** How long the fast interval outlasts the level that called for it. */
    static final Duration FAST_LINGER = Duration.ofSeconds(10);

    private static final long FAST_LINGER_NANOS = FAST_LINGER.toNanos();

    private final Duration calm;

    private final Duration fast;

    private final MemoryPressureLevel fastFrom;

    private final double fastRiseRate;

    private double previousRatio = -1;

    // Whether previousRatio and previousTime hold a reading.
    private boolean hasPrevious;

    private long previousTime;

    private double riseRate;

    private Duration next;

    // Whether the level has been at the fast level, and when it last was.
    private boolean wasFast;

    private long lastFast;

    PollCadence(PressureSettings settings) {
        this.calm = settings.interval();
        this.fast = (settings.fastInterval().compareTo(calm) < 0) ? settings.fastInterval() : calm;
        this.fastFrom = settings.fastFromLevel();
        this.fastRiseRate = settings.fastRiseRate();
        this.next = calm;
    }

    /**
     * Takes in a fresh reading of the container, or its absence, to measure its rise.
     *
     * @param container the container's reading, or {@code null} where there is none (unlimited, disabled, failed)
     * @param now       the ticker's reading when it was read, in nanoseconds
     */
    void observeContainer(@Nullable SignalReading container, long now) {
        riseRate = 0;
        if (container == null || container.stale()) {
            previousRatio = -1;
            hasPrevious = false;
            return;
        }
        long elapsed = now - previousTime;
        if (hasPrevious && elapsed > 0) {
            riseRate = (container.ratio() - previousRatio) * 1e9 / elapsed;
        }
        previousRatio = container.ratio();
        previousTime = now;
        hasPrevious = true;
    }

    /**
     * Decides the wait before the next reading from the level, how recently it was at the fast level, and the last
     * rise measured.
     *
     * @param level the level now
     * @param now   the ticker's reading when the level was found, in nanoseconds
     * @return the wait before the next reading
     */
    Duration decide(MemoryPressureLevel level, long now) {
        if (level.isAtLeast(fastFrom)) {
            wasFast = true;
            lastFast = now;
        }
        boolean lingering = wasFast && now - lastFast < FAST_LINGER_NANOS;
        next = (lingering || riseRate > fastRiseRate) ? fast : calm;
        return next;
    }

    /**
     * The wait decided by the last reading: the base interval before the first.
     *
     * @return the wait before the next reading
     */
    Duration next() {
        return next;
    }

    /**
     * The container's rise between its last two readings, in ratio per second; 0 where there were not two.
     *
     * @return the rise rate, negative when falling
     */
    double riseRate() {
        return riseRate;
    }
}
