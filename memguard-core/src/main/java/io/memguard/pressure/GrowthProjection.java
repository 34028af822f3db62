package io.memguard.pressure;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.memguard.pressure.MemorySnapshot.SignalReading;

/**
 * Projects the growth of {@code container} and {@code heap-after-gc} {@link PressureSettings#leadTime() lead time}
 * ahead, so that the level can rise before a threshold is crossed rather than one poll after.
 *
 * <h2>How it works</h2>
 * For each of the two signals it keeps the fresh readings of the recent past: at most {@value #SAMPLES}, none older
 * than twice the lead time. The growth is the least-squares slope of the used bytes over time across them: one
 * reading off by a page-cache flush or a collection moves a fitted line much less than it moves the difference of two
 * readings, and a growth that stops flattens the line as flat readings replace rising ones. Bytes, not ratios, are
 * fitted, so that a limit changed in place does not read as a jump of growth. From at least {@value #MIN_SAMPLES}
 * readings it gives:
 * <ul>
 * <li>the seconds left before the used bytes reach the critical threshold of the limit at that slope
 * ({@link SignalReading#secondsToLimit()}: 0 once there, -1 where not growing);</li>
 * <li>the ratio the signal would reach after the lead time, which {@link PressureLevelRule} judges like a ratio, with
 * the same thresholds and hysteresis. The projected ratio reaches the critical threshold exactly when the seconds
 * left fall to the lead time; it reaches HIGH early in the same way.</li>
 * </ul>
 * A level the projection raised is held for the lead time after the last reading that projected it
 * ({@link #hold}): the projection said the threshold would be crossed within that time, and what stopped the growth is
 * most often the level itself (requests shed at CRITICAL). Dropping the level as soon as the growth stops would let
 * the same traffic in again, and a container a few MiB below its limit does not survive many such rounds. Past the
 * lead time (or once the signal's limit changed) the level falls back through the usual hysteresis of the ratio.
 * A stale or missing reading clears that signal's history: a growth measured across a gap is not a growth anyone
 * saw. The container's history only takes readings of the container itself (a poll), not the copies a refresh after
 * a collection carries over.
 *
 * <h2>The measured live set</h2>
 * The projection of {@code heap-after-gc} above fits every reading, most of them taken after young collections, which
 * also count what those collections promoted; it raises the level to HIGH at most ({@link #highestProjectedLevel}).
 * The live sets that collections of the whole heap measured (full collections, memguard's own measurements among them,
 * and the ends of ZGC and Shenandoah cycles; not G1's mixed collections, which leave the garbage of the old regions
 * they did not take, more or less of it each time) are fitted apart, over the last
 * {@value #MEASURED_WINDOW_INTERVALS} {@link PressureSettings#liveSetMeasurementInterval() measurement intervals},
 * and that projection may reach CRITICAL: a live set that grows from one measurement to the next is memory the
 * application holds, such as sessions, drafts and caches filling at a steady rate, and at HIGH memguard measures it
 * every interval at least, so a heap filling at a few percent a second would run out between two measurements before
 * one of them read it at CRITICAL. It projects from the last measurement, as far ahead as the time since that
 * measurement plus the lead time, and only while that measurement is at most one interval old. A lead time of zero
 * turns this projection off too. Not thread-safe: the monitor calls it under its refresh lock.
 */
final class GrowthProjection {

    /** The most readings fitted: at the 100 ms fast interval, the last 1.6 s. */
    static final int SAMPLES = 16;

    /** The fewest readings fitted: two would be a plain difference, as noisy as the readings themselves. */
    static final int MIN_SAMPLES = 3;

    /** How many measurement intervals of measured live sets are fitted. */
    static final int MEASURED_WINDOW_INTERVALS = 4;

    private final long leadNanos;

    private final long windowNanos;

    private final double critical;

    private final Map<MemorySignal, Series> series = new EnumMap<>(MemorySignal.class);

    // The live sets collections of the whole heap measured, as read by heap-after-gc after each of them.
    private final Series measuredLiveSets = new Series();

    private final long measuredWindowNanos;

    private final long measurementIntervalNanos;

    // The level the projection raised last, its signal (null before the first), and when it was projected.
    private MemoryPressureLevel heldLevel = MemoryPressureLevel.NONE;

    private @Nullable MemorySignal heldSignal;

    private long heldSince;

    private long heldLimitBytes;

    GrowthProjection(PressureSettings settings) {
        this.leadNanos = settings.leadTime().toNanos();
        this.windowNanos = 2 * leadNanos;
        this.critical = settings.thresholds().critical();
        this.measurementIntervalNanos = settings.liveSetMeasurementInterval().toNanos();
        this.measuredWindowNanos = Math.max(windowNanos,
                (measurementIntervalNanos > Long.MAX_VALUE / MEASURED_WINDOW_INTERVALS) ? Long.MAX_VALUE
                        : MEASURED_WINDOW_INTERVALS * measurementIntervalNanos);
        series.put(MemorySignal.CONTAINER, new Series());
        series.put(MemorySignal.HEAP_AFTER_GC, new Series());
    }

    /**
     * The highest level a signal's projection may raise the level to: CRITICAL for {@code container}, whose limit the
     * kernel enforces by killing the process without warning, so that requests are shed before the kill; HIGH for
     * {@code heap-after-gc}. A heap does not fail at a threshold crossed at some slope: the collector reclaims what it
     * can and gives warnings first (the measured live set near what it can use, full collections back to back, time
     * spent collecting), each of which reaches CRITICAL measured. Its slope, on the other hand, is mostly work in
     * flight that survived a young collection and is released when the work ends (and, at start-up, the
     * application's own classes and caches loading), so a projected CRITICAL would refuse every request for what
     * the next collection shows gone. Projected to HIGH it still acts early, by the measures that cost no requests:
     * admission cuts its limit, caches shrink, the live set is measured. The projection of the measured live sets
     * alone ({@link Outlook#projectedLiveSetRatio()}) is not capped.
     *
     * @param signal a projected signal
     * @return the ceiling of its projected level
     */
    static MemoryPressureLevel highestProjectedLevel(MemorySignal signal) {
        return (signal == MemorySignal.HEAP_AFTER_GC) ? MemoryPressureLevel.HIGH : MemoryPressureLevel.CRITICAL;
    }

    /**
     * Takes in the readings of one refresh and projects the growing signals, none of them a measured live set.
     *
     * @param readings      the readings of the refresh, by signal
     * @param now           the ticker's reading when they were read, in nanoseconds
     * @param containerRead whether the container was read by this refresh (not carried over from the last)
     * @return the readings with {@code secondsToLimit} set where known, and the projected ratio of each growing signal
     */
    Outlook observe(Map<MemorySignal, SignalReading> readings, long now, boolean containerRead) {
        return observe(readings, now, containerRead, null);
    }

    /**
     * Takes in the readings of one refresh and projects the growing signals.
     *
     * @param readings          the readings of the refresh, by signal
     * @param now               the ticker's reading when they were read, in nanoseconds
     * @param containerRead     whether the container was read by this refresh (not carried over from the last)
     * @param liveSetMeasuredAt the ticker's reading when the collection whose live set {@code heap-after-gc} reads was
     *                          reported, where that collection collected the whole heap; {@code null} otherwise
     * @return the readings with {@code secondsToLimit} set where known, the projected ratio of each growing signal, and
     *         that of the measured live set
     */
    Outlook observe(Map<MemorySignal, SignalReading> readings, long now, boolean containerRead,
            @Nullable Long liveSetMeasuredAt) {
        if (leadNanos == 0) {
            return new Outlook(readings, Map.of(), Double.NaN);
        }
        Map<MemorySignal, SignalReading> projectedReadings = new EnumMap<>(MemorySignal.class);
        projectedReadings.putAll(readings);
        Map<MemorySignal, Double> projectedRatios = new EnumMap<>(MemorySignal.class);
        for (Map.Entry<MemorySignal, Series> entry : series.entrySet()) {
            MemorySignal signal = entry.getKey();
            Series history = entry.getValue();
            SignalReading reading = readings.get(signal);
            if (reading == null || reading.stale() || reading.limitBytes() <= 0) {
                history.clear();
                continue;
            }
            if (signal != MemorySignal.CONTAINER || containerRead) {
                history.add(now, reading.usedBytes(), windowNanos);
            }
            double slope = history.slope();
            if (Double.isNaN(slope)) {
                continue;
            }
            double criticalBytes = critical * reading.limitBytes();
            double secondsToLimit = -1;
            if (reading.usedBytes() >= criticalBytes) {
                secondsToLimit = 0;
            }
            else if (slope > 0) {
                secondsToLimit = (criticalBytes - reading.usedBytes()) / slope;
            }
            projectedReadings.put(signal, reading.withSecondsToLimit(secondsToLimit));
            if (slope > 0) {
                double ahead = reading.usedBytes() + slope * leadNanos / 1e9;
                projectedRatios.put(signal, SignalReadings.clamp(ahead / reading.limitBytes()));
            }
        }
        return new Outlook(projectedReadings, projectedRatios,
                projectLiveSet(readings.get(MemorySignal.HEAP_AFTER_GC), now, liveSetMeasuredAt));
    }

    /** The ratio the measured live set would reach after the lead time, NaN where it is not known to grow. */
    private double projectLiveSet(@Nullable SignalReading reading, long now, @Nullable Long measuredAt) {
        if (reading == null || reading.stale() || reading.limitBytes() <= 0) {
            measuredLiveSets.clear();
            return Double.NaN;
        }
        if (measuredAt != null) {
            measuredLiveSets.add(measuredAt, reading.usedBytes(), measuredWindowNanos);
        }
        if (measuredLiveSets.isEmpty()) {
            return Double.NaN;
        }
        long sinceLast = now - measuredLiveSets.lastTime();
        double slope = measuredLiveSets.slope();
        if (sinceLast > measurementIntervalNanos || !(slope > 0)) {
            return Double.NaN;
        }
        double ahead = measuredLiveSets.lastUsed() + slope * (Math.max(0, sinceLast) + leadNanos) / 1e9;
        return SignalReadings.clamp(ahead / reading.limitBytes());
    }

    /**
     * The level of a refresh, kept at least at the last projected level until the lead time has passed since the
     * reading that projected it, unless the limit of its signal changed since (the threshold it was projected to
     * cross is not the threshold now).
     *
     * @param result   the level the rule found
     * @param readings the readings it was found from
     * @param now      the ticker's reading when the readings were taken, in nanoseconds
     * @return {@code result}, or the held level marked projected where the hold is not over
     */
    PressureLevelRule.Result hold(PressureLevelRule.Result result, Map<MemorySignal, SignalReading> readings,
            long now) {
        SignalReading held = (heldSignal != null) ? readings.get(heldSignal) : null;
        boolean holding = held != null && now - heldSince < leadNanos && held.limitBytes() == heldLimitBytes;
        if (holding && result.level().compareTo(heldLevel) < 0) {
            return new PressureLevelRule.Result(heldLevel, heldSignal, true);
        }
        if (result.projected()) {
            // A projected level was raised by its driving signal's growth, so that signal and its reading are here.
            MemorySignal driving = Objects.requireNonNull(result.drivingSignal(), "drivingSignal");
            heldLevel = result.level();
            heldSignal = driving;
            heldSince = now;
            heldLimitBytes = Objects.requireNonNull(readings.get(driving), "reading").limitBytes();
        }
        return result;
    }

    /**
     * What a refresh's readings project to.
     *
     * @param readings              the readings, with {@code secondsToLimit} where known
     * @param projectedRatios       for each growing signal, the ratio it would reach after the lead time
     * @param projectedLiveSetRatio the ratio of {@code heap-after-gc} the measured live set would reach after the lead
     *                              time, NaN where it is not known to grow
     */
    record Outlook(Map<MemorySignal, SignalReading> readings, Map<MemorySignal, Double> projectedRatios,
            double projectedLiveSetRatio) {
    }

    /** The recent readings of one signal: a ring of times and used bytes. */
    private static final class Series {

        private final long[] times = new long[SAMPLES];

        private final double[] used = new double[SAMPLES];

        // The ticker's reading of the first reading since the series was cleared; times are kept relative to it.
        private long origin;

        private int start;

        private int size;

        void clear() {
            size = 0;
            start = 0;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The ticker's reading of the newest reading; meaningful while the series is not empty. */
        long lastTime() {
            return origin + times[index(size - 1)];
        }

        /** The used bytes of the newest reading; meaningful while the series is not empty. */
        double lastUsed() {
            return used[index(size - 1)];
        }

        void add(long now, long usedBytes, long windowNanos) {
            if (size == 0) {
                origin = now;
            }
            long time = now - origin;
            if (size > 0 && time <= times[index(size - 1)]) {
                // The same reading of the ticker again: the newer value stands for it.
                used[index(size - 1)] = usedBytes;
                return;
            }
            while (size > 0 && time - times[start] > windowNanos) {
                start = (start + 1) % SAMPLES;
                size--;
            }
            if (size == SAMPLES) {
                start = (start + 1) % SAMPLES;
                size--;
            }
            times[index(size)] = time;
            used[index(size)] = usedBytes;
            size++;
        }

        /** The least-squares slope in bytes per second, or NaN with too few readings. */
        double slope() {
            if (size < MIN_SAMPLES) {
                return Double.NaN;
            }
            double meanTime = 0;
            double meanUsed = 0;
            for (int i = 0; i < size; i++) {
                meanTime += times[index(i)] / 1e9;
                meanUsed += used[index(i)];
            }
            meanTime /= size;
            meanUsed /= size;
            double covariance = 0;
            double variance = 0;
            for (int i = 0; i < size; i++) {
                double dt = times[index(i)] / 1e9 - meanTime;
                covariance += dt * (used[index(i)] - meanUsed);
                variance += dt * dt;
            }
            return (variance > 0) ? covariance / variance : Double.NaN;
        }

        private int index(int i) {
            return (start + i) % SAMPLES;
        }
    }
}
