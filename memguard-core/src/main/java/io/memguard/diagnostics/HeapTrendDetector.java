package io.memguard.diagnostics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.memguard.diagnostics.MemoryAlerts.MemoryAlert;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * Watches the heap occupancy after each collection for the slow, steady growth of a leak, and raises
 * {@link MemoryAlert.Type#LEAK_SUSPECTED} with the growth rate and the time left until the heap is critical.
 *
 * <p>Feed it one sample per collection with {@link #accept(Instant, long, long)}: the occupancy of the heap
 * right after the collection (the live set), not between collections, which is mostly garbage. Samples are
 * kept over a window (default 10 minutes) and fitted with a least-squares line. A leak is suspected when
 * all of these hold:
 * <ul>
 * <li>the window holds at least the minimum number of samples (default 10), spanning at least the minimum
 * span (default half the window), so that one burst is not mistaken for a trend;</li>
 * <li>the slope, as a fraction of the max heap per hour, is at least the growth threshold (default 0.05:
 * the heap would fill in under 20 hours);</li>
 * <li>the line explains the samples well: r² at least the minimum fit (default 0.8). A flat series has no
 * slope; a saw-tooth (growth, then a full collection) has a poor fit as soon as the window holds two teeth,
 * so neither raises an alert. A saw-tooth slower than the window looks like growth while it grows.</li>
 * </ul>
 * The alert is raised once when the suspicion starts and again only after it has cleared.
 *
 * <p>Time: the window, the span and the slope are measured on a nanosecond ticker ({@link Builder#ticker}), so that
 * a wall clock stepped by NTP or by hand neither ages samples out early nor bends the line. A sample's timestamp is a
 * wall time: its age on the {@linkplain Builder#clock clock} when it is added places it on the ticker, once. The clock
 * also stamps alerts.
 *
 * <p>Memory: the window holds at most {@code capacity} samples (default 1024) in two primitive arrays; with
 * collections more frequent than that, the oldest samples go first and the window is effectively shorter.
 * Each sample costs one pass over the window (at most {@code capacity} steps), once per collection.
 *
 * @since 0.1.0
 */
public final class HeapTrendDetector implements PressureAware {

    private final double growthThreshold;

    private final double minimumFit;

    private final int minimumSamples;

    private final Duration minimumSpan;

    private final double criticalRatio;

    private final Clock clock;

    private final LongSupplier ticker;

    private final long windowNanos;

    private final Consumer<MemoryAlert> sink;

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    // Guarded by this. A ring of samples, oldest at head; times are ticker readings, compared by difference.
    private final long[] times;

    private final long[] used;

    private int head;

    private int size;

    private long maxBytes = -1;

    // The timestamp of the newest sample accepted, or null before the first.
    private @Nullable Instant newestTimestamp;

    private boolean alerted;

    private HeapTrendDetector(Builder builder) {
        this.growthThreshold = builder.growthThreshold;
        this.minimumFit = builder.minimumFit;
        this.minimumSamples = builder.minimumSamples;
        this.minimumSpan = builder.minimumSpan != null ? builder.minimumSpan : builder.window.dividedBy(2);
        this.criticalRatio = builder.criticalRatio;
        this.clock = builder.clock;
        this.ticker = builder.ticker;
        this.windowNanos = builder.window.toNanos();
        this.sink = builder.sink;
        this.times = new long[builder.capacity];
        this.used = new long[builder.capacity];
    }

    /**
     * Adds the heap occupancy right after a collection, and raises an alert if a leak is now suspected.
     * A sample older than the newest one (by its timestamp, and once placed on the ticker) is ignored.
     *
     * @param timestamp when the collection ended
     * @param usedBytes heap in use right after it, in bytes
     * @param maxBytes  the max heap, in bytes
     * @throws IllegalArgumentException if {@code usedBytes} is negative or {@code maxBytes} is not positive
     */
    public void accept(Instant timestamp, long usedBytes, long maxBytes) {
        Objects.requireNonNull(timestamp, "timestamp");
        if (usedBytes < 0) {
            throw new IllegalArgumentException("usedBytes must not be negative, was " + usedBytes);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        MemoryAlert alert;
        synchronized (this) {
            long at = ticker.getAsLong() - Duration.between(timestamp, clock.instant()).toNanos();
            if (size > 0 && at - times[index(size - 1)] < 0) {
                // Older on the ticker, and by its timestamp too: ignored. Not older by its timestamp: the same moment
                // (the clock and the ticker were read a moment apart), or the clock was stepped since the last one.
                if (newestTimestamp != null && timestamp.isBefore(newestTimestamp)) {
                    return;
                }
                at = times[index(size - 1)];
            }
            newestTimestamp = timestamp;
            if (size == times.length) {
                head = index(1);
                size--;
            }
            times[index(size)] = at;
            used[index(size)] = usedBytes;
            size++;
            this.maxBytes = maxBytes;
            Trend trend = compute();
            alert = trend.leakSuspected() && !alerted ? leakAlert(trend) : null;
            alerted = trend.leakSuspected();
        }
        if (alert != null) {
            sink.accept(alert);
        }
    }

    /**
     * The trend now, over the samples still inside the window.
     *
     * @return the trend
     */
    public synchronized Trend trend() {
        return compute();
    }

    /**
     * Remembers the level, to stamp alerts with it.
     *
     * @param previous the level told before
     * @param current  the level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        level = current;
    }

    private int index(int offset) {
        return (head + offset) % times.length;
    }

    private Trend compute() {
        long now = ticker.getAsLong();
        while (size > 0 && now - times[head] > windowNanos) {
            head = index(1);
            size--;
        }
        if (size == 0) {
            return Trend.EMPTY;
        }
        // Least squares over x = seconds since the oldest sample, y = bytes; centred sums for stability.
        long origin = times[head];
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < size; i++) {
            meanX += (times[index(i)] - origin) / 1e9;
            meanY += used[index(i)];
        }
        meanX /= size;
        meanY /= size;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < size; i++) {
            double dx = (times[index(i)] - origin) / 1e9 - meanX;
            double dy = used[index(i)] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxx > 0 ? sxy / sxx : 0.0;
        double fit = sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 0.0;
        long newest = times[index(size - 1)];
        Duration span = Duration.ofNanos(newest - origin);
        double growthPerHour = slope * 3600.0 / maxBytes;
        double fittedNow = meanY + slope * ((newest - origin) / 1e9 - meanX);
        Duration timeToCritical = null;
        if (slope > 0) {
            double seconds = Math.max(0.0, (criticalRatio * maxBytes - fittedNow) / slope);
            timeToCritical = Duration.ofMillis((long) Math.min(seconds * 1000.0, Long.MAX_VALUE / 2.0));
        }
        boolean suspected = size >= minimumSamples && span.compareTo(minimumSpan) >= 0
                && growthPerHour >= growthThreshold && fit >= minimumFit;
        return new Trend(size, span, slope, growthPerHour, fit, used[index(size - 1)], maxBytes,
                timeToCritical, suspected);
    }

    private MemoryAlert leakAlert(Trend trend) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("growthBytesPerSecond", trend.slopeBytesPerSecond());
        details.put("growthRatioPerHour", trend.growthRatioPerHour());
        details.put("fit", trend.fit());
        details.put("samples", trend.samples());
        details.put("spanSeconds", trend.span().toSeconds());
        details.put("usedBytes", trend.usedBytes());
        details.put("maxBytes", trend.maxBytes());
        // A suspected leak grows faster than the (positive) growth threshold, so its slope gives a time to critical.
        Duration timeToCritical = Objects.requireNonNull(trend.timeToCritical(), "timeToCritical");
        details.put("timeToCriticalSeconds", timeToCritical.toSeconds());
        String message = String.format(Locale.ROOT,
                "The heap after collection grew steadily by %.1f MiB/min (%.1f%% of the max heap per hour, fit"
                        + " r²=%.2f) over the last %d min; at this rate it reaches %.0f%% of the max heap in %d min.",
                trend.slopeBytesPerSecond() * 60 / (1024 * 1024), trend.growthRatioPerHour() * 100, trend.fit(),
                trend.span().toMinutes(), criticalRatio * 100, timeToCritical.toMinutes());
        return new MemoryAlert(MemoryAlert.Type.LEAK_SUSPECTED, message,
                "Take two heap dumps a few minutes apart (jcmd <pid> GC.heap_dump <file>) and compare what grew;"
                        + " if the service is still warming up its caches, the growth levels off on its own.",
                level, clock.instant(), details);
    }

    /**
     * A builder with the defaults: a 10-minute window, a growth threshold of 5% of the max heap per hour, a
     * minimum fit of 0.8, at least 10 samples over half the window, a critical ratio of 0.95, room for 1024
     * samples, the system clock and {@link System#nanoTime()}.
     *
     * @param sink where the alerts go, usually a {@link MemoryAlerts} hub ({@code alerts::raise}); called on the thread
     *             that added the sample, so it must be quick
     * @return a new builder
     */
    public static Builder builder(Consumer<MemoryAlert> sink) {
        return new Builder(sink);
    }

    /**
     * Builds a {@link HeapTrendDetector}.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final Consumer<MemoryAlert> sink;

        private Duration window = Duration.ofMinutes(10);

        private double growthThreshold = 0.05;

        private double minimumFit = 0.8;

        private int minimumSamples = 10;

        private @Nullable Duration minimumSpan;

        private double criticalRatio = 0.95;

        private int capacity = 1024;

        private Clock clock = Clock.systemUTC();

        private LongSupplier ticker = System::nanoTime;

        private Builder(Consumer<MemoryAlert> sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * How far back samples are kept; positive.
         *
         * @param window the window
         * @return this builder
         */
        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * The least growth, as a fraction of the max heap per hour, that counts as a leak; positive.
         *
         * @param growthThreshold the growth threshold
         * @return this builder
         */
        public Builder growthThreshold(double growthThreshold) {
            this.growthThreshold = growthThreshold;
            return this;
        }

        /**
         * The least r² of the line through the samples that counts as steady growth; in [0..1].
         *
         * @param minimumFit the minimum fit
         * @return this builder
         */
        public Builder minimumFit(double minimumFit) {
            this.minimumFit = minimumFit;
            return this;
        }

        /**
         * The fewest samples in the window before a leak can be suspected; at least 3.
         *
         * @param minimumSamples the minimum number of samples
         * @return this builder
         */
        public Builder minimumSamples(int minimumSamples) {
            this.minimumSamples = minimumSamples;
            return this;
        }

        /**
         * The least time between the oldest and newest sample before a leak can be suspected; positive and
         * not longer than the window (default half the window).
         *
         * @param minimumSpan the minimum span
         * @return this builder
         */
        public Builder minimumSpan(Duration minimumSpan) {
            this.minimumSpan = Objects.requireNonNull(minimumSpan, "minimumSpan");
            return this;
        }

        /**
         * The fraction of the max heap that the projected time runs to; in (0..1].
         *
         * @param criticalRatio the critical ratio
         * @return this builder
         */
        public Builder criticalRatio(double criticalRatio) {
            this.criticalRatio = criticalRatio;
            return this;
        }

        /**
         * The most samples kept; at least the minimum number of samples.
         *
         * @param capacity the capacity
         * @return this builder
         */
        public Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /**
         * The wall clock that stamps alerts, and on which a sample's timestamp is aged once when it is added
         * (default {@link Clock#systemUTC()}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The nanosecond ticker that ages samples out of the window and times the span and slope of the trend
         * (default {@link System#nanoTime()}); tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         * @since 0.2.0
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Builds the detector.
         *
         * @return the detector
         * @throws IllegalArgumentException if a setting is out of range, naming the setting
         */
        public HeapTrendDetector build() {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, was " + window);
            }
            if (!(growthThreshold > 0)) {
                throw new IllegalArgumentException("growthThreshold must be positive, was " + growthThreshold);
            }
            if (!(minimumFit >= 0 && minimumFit <= 1)) {
                throw new IllegalArgumentException("minimumFit must be in [0..1], was " + minimumFit);
            }
            if (minimumSamples < 3) {
                throw new IllegalArgumentException("minimumSamples must be at least 3, was " + minimumSamples);
            }
            if (minimumSpan != null && (minimumSpan.isNegative() || minimumSpan.isZero()
                    || minimumSpan.compareTo(window) > 0)) {
                throw new IllegalArgumentException("minimumSpan must be positive and not longer than the window ("
                        + window + "), was " + minimumSpan);
            }
            if (!(criticalRatio > 0 && criticalRatio <= 1)) {
                throw new IllegalArgumentException("criticalRatio must be in (0..1], was " + criticalRatio);
            }
            if (capacity < minimumSamples) {
                throw new IllegalArgumentException("capacity (" + capacity + ") must be at least minimumSamples ("
                        + minimumSamples + ")");
            }
            return new HeapTrendDetector(this);
        }
    }

    /**
     * The trend of the heap after collection over the detector's window: a least-squares line through the
     * samples, and what it means.
     *
     * @param samples              how many samples the window holds
     * @param span                 time between the oldest and the newest sample
     * @param slopeBytesPerSecond  growth of the heap after collection, in bytes per second (negative when
     *                             shrinking; 0 with fewer than two samples)
     * @param growthRatioPerHour   the slope as a fraction of the max heap per hour
     * @param fit                  how well a straight line explains the samples, the coefficient of
     *                             determination r² in [0..1]: near 1 for steady growth, near 0 for a flat or
     *                             saw-tooth series
     * @param usedBytes            the newest sample's heap after collection, in bytes ({@code -1} without samples)
     * @param maxBytes             the newest sample's max heap, in bytes ({@code -1} without samples)
     * @param timeToCritical       at this rate, the time until the heap after collection reaches the critical
     *                             ratio of the max heap; {@code null} when not growing, {@link Duration#ZERO} when
     *                             already there
     * @param leakSuspected        whether the growth is steady, fast and long enough to suspect a leak
     * @since 0.1.0
     */
    public record Trend(int samples, Duration span, double slopeBytesPerSecond, double growthRatioPerHour,
            double fit, long usedBytes, long maxBytes, @Nullable Duration timeToCritical, boolean leakSuspected) {

        /** The trend of a detector that has no samples. */
        public static final Trend EMPTY = new Trend(0, Duration.ZERO, 0.0, 0.0, 0.0, -1, -1, null, false);
    }
}
