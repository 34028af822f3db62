package io.memguard.pressure;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a {@link DefaultMemoryPressureMonitor} computes the level: which signals it reads, which of them drive the
 * level, the thresholds, the hysteresis, the polling interval and the GC hint.
 *
 * <p>Every value is checked when the settings are built; a bad one throws an {@link IllegalArgumentException}
 * naming the component, so that nothing is half-applied. The components:
 * <ul>
 * <li>{@code interval} (default 1s): how often signals are polled; a GC notification also triggers a
 * refresh at once.</li>
 * <li>{@code fastInterval} (default 100ms), {@code fastFromLevel} (default MODERATE) and
 * {@code fastRiseRate} (default 0.02 per second): the container and PSI signals are read every
 * fast interval instead of every interval while the level is at least the fast-from level, or while the container's
 * ratio rose faster than the rise rate since its previous reading; the fast level's fast interval lasts 10 s after the
 * level fell below it; the fast interval is positive (one longer than
 * the interval changes nothing), the level is LOW to CRITICAL, the rate positive.</li>
 * <li>{@code leadTime} (default 2s): the growth of {@code container} and {@code heap-after-gc} is
 * projected this far ahead, and the level raised to what the projected ratio would reach, so that a signal expected
 * to cross a threshold within the lead time is at that level already ({@link GrowthProjection}); zero or more, zero
 * turns the projection off.</li>
 * <li>{@code hysteresis} (default 0.05): a level is left only once the driving ratio falls below the
 * level's threshold minus this; in [0, smallest gap between thresholds, the lowest threshold counting as a gap from
 * 0).</li>
 * <li>{@code thresholds} (defaults 0.60, 0.75, 0.85, 0.95): for the byte-based
 * signals; each in (0,1], strictly increasing.</li>
 * <li>{@code psiSomeThresholds} (defaults 0.10, 0.20, 0.35, 0.50) and
 * {@code psiFullThresholds} (defaults 0.06, 0.12, 0.20, 0.35): for PSI {@code some avg10}
 * and {@code full avg10}; the PSI level is the worse of the two. See {@link PressureThresholds#PSI_SOME_DEFAULT}
 * and {@link PressureThresholds#PSI_FULL_DEFAULT} for why.</li>
 * <li>{@code gcOverheadThresholds} (defaults 0.06, 0.12, 0.20, 0.30): for the
 * share of wall time spent in collection pauses the heap forced (or, on JDK 26 and later, the collector's share of the
 * JVM's CPU time, if larger); see {@link PressureThresholds#GC_OVERHEAD_DEFAULT}.
 * </li>
 * <li>{@code gcOverheadWindow} (default 10s): the sliding window of that share; two full collections in
 * it (explicit ones not counted) are CRITICAL on their own.</li>
 * <li>{@code liveSetMeasurementEnabled} (default true) and {@code liveSetMeasurementInterval}
 * (default 3s): while the level is HIGH or CRITICAL and no collection has measured the live set for the interval,
 * ask for one ({@code System.gc()}, unless the JVM disables explicit collections), so that the level falls as soon
 * as memory is free instead of waiting for a collection that refused work no longer causes; after a quarter of the
 * interval when a young collection reads the live set at CRITICAL, or their growth projects it there within the
 * lead time, which only a measurement can confirm. Once the
 * level has left HIGH, up to four more measurements, at twice the interval each time, follow until it is back at
 * NONE.</li>
 * <li>{@code liveSetMeasurementPauseShare} (default 0.1): each measurement memguard asks for is timed, and the next
 * regular or settling one waits at least its duration divided by this share, so that measuring pauses the application
 * for at most this share of the time: a small heap's measurement takes tens of milliseconds and keeps the intervals
 * above, a large heap's takes seconds and spaces the next one out (2 s: 20 s at least). A confirming measurement keeps
 * its quarter of the interval: a heap that may be running out cannot wait. 0 turns this off.</li>
 * <li>{@code enabledSignals}: the enabled signals (default: all); a disabled signal is neither read nor
 * reported.</li>
 * <li>{@code drivingSignals}: the signals that set the level (default: {@code heap-after-gc},
 * {@code direct}, {@code container}, {@code psi}, {@code gc-overhead}); the others are reported only. {@code heap}
 * does not drive
 * because heap use between collections is mostly garbage; {@code system} does not drive because host memory is
 * shared with other processes and, in a container, is not this process's limit. A driving signal that is disabled
 * does not drive.</li>
 * <li>{@code gcHintEnabled} (default false): call {@code System.gc()} on entering HIGH or CRITICAL.</li>
 * <li>{@code gcHintCooldown} (default 30s): the least time between two GC hints.</li>
 * </ul>
 *
 * @param interval            the polling interval, positive
 * @param hysteresis          how far below a threshold a ratio must fall to leave its level
 * @param thresholds          thresholds of {@code heap-after-gc}, {@code heap}, {@code direct}, {@code container},
 *                            {@code system}
 * @param psiSomeThresholds   thresholds of PSI {@code some avg10}
 * @param psiFullThresholds   thresholds of PSI {@code full avg10}
 * @param enabledSignals      the signals read and reported
 * @param drivingSignals      the signals that set the level (only those also enabled count)
 * @param gcHintEnabled       whether to call {@code System.gc()} on entering HIGH or CRITICAL
 * @param gcHintCooldown      the least time between two GC hints, positive
 * @param gcOverheadThresholds thresholds of {@code gc-overhead}
 * @param gcOverheadWindow    the sliding window of {@code gc-overhead}, positive
 * @param liveSetMeasurementEnabled  whether to measure the live set on purpose while HIGH or CRITICAL
 * @param liveSetMeasurementInterval how long without a measuring collection before measuring on purpose, positive
 * @param liveSetMeasurementPauseShare the most of the time from one measurement to the next that the first one's
 *                            duration may take, 0 (off) to below 1
 * @param fastInterval        how often the container and PSI signals are read while pressure builds, positive
 * @param fastFromLevel       the level from which they are read at the fast interval, LOW to CRITICAL
 * @param fastRiseRate        the rise of the container's ratio per second above which they are read at the fast
 *                            interval whatever the level, positive
 * @param leadTime            how far ahead the growth of {@code container} and {@code heap-after-gc} is projected,
 *                            zero (off) or more
 * @since 0.1.0
 */
public record PressureSettings(Duration interval, double hysteresis, PressureThresholds thresholds,
        PressureThresholds psiSomeThresholds, PressureThresholds psiFullThresholds, Set<MemorySignal> enabledSignals,
        Set<MemorySignal> drivingSignals, boolean gcHintEnabled, Duration gcHintCooldown,
        PressureThresholds gcOverheadThresholds, Duration gcOverheadWindow, boolean liveSetMeasurementEnabled,
        Duration liveSetMeasurementInterval, double liveSetMeasurementPauseShare, Duration fastInterval,
        MemoryPressureLevel fastFromLevel, double fastRiseRate, Duration leadTime) {

    /** The default polling interval: 1 second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** The default interval of container and PSI readings while pressure builds: 100 milliseconds. */
    public static final Duration DEFAULT_FAST_INTERVAL = Duration.ofMillis(100);

    /** The default level from which container and PSI are read at the fast interval: MODERATE. */
    public static final MemoryPressureLevel DEFAULT_FAST_FROM_LEVEL = MemoryPressureLevel.MODERATE;

    /**
     * The default rise of the container's ratio per second from which container and PSI are read at the fast
     * interval: 0.02, two percent of the limit a second (a 600 MiB container growing by 12 MiB/s).
     */
    public static final double DEFAULT_FAST_RISE_RATE = 0.02;

    /**
     * The default lead time of the growth projection: 2 seconds, about twenty fast readings, and at 50 MiB/s 100 MiB of
     * warning before the critical threshold.
     */
    public static final Duration DEFAULT_LEAD_TIME = Duration.ofSeconds(2);

    /** The default hysteresis: 0.05. */
    public static final double DEFAULT_HYSTERESIS = 0.05;

    /** The default GC hint cooldown: 30 seconds. */
    public static final Duration DEFAULT_GC_HINT_COOLDOWN = Duration.ofSeconds(30);

    /** The default sliding window of the GC overhead: 10 seconds. */
    public static final Duration DEFAULT_GC_OVERHEAD_WINDOW = Duration.ofSeconds(10);

    /** The default time without a measuring collection before the live set is measured on purpose: 3 seconds. */
    public static final Duration DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL = Duration.ofSeconds(3);

    /** The default most of the time from one measurement to the next that the first one's duration may take: 0.1. */
    public static final double DEFAULT_LIVE_SET_MEASUREMENT_PAUSE_SHARE = 0.1;

    /** The signals that drive the level by default. */
    public static final Set<MemorySignal> DEFAULT_DRIVING_SIGNALS = Collections.unmodifiableSet(EnumSet.of(
            MemorySignal.HEAP_AFTER_GC, MemorySignal.DIRECT, MemorySignal.CONTAINER, MemorySignal.PSI,
            MemorySignal.GC_OVERHEAD));

    private static final String[] LEVEL_NAMES = { "low", "moderate", "high", "critical" };

    private static final PressureSettings DEFAULTS = builder().build();

    public PressureSettings {
        requirePositive("interval", interval);
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(psiSomeThresholds, "psiSomeThresholds");
        Objects.requireNonNull(psiFullThresholds, "psiFullThresholds");
        Objects.requireNonNull(enabledSignals, "enabledSignals");
        Objects.requireNonNull(drivingSignals, "drivingSignals");
        requirePositive("gcHintCooldown", gcHintCooldown);
        Objects.requireNonNull(gcOverheadThresholds, "gcOverheadThresholds");
        requirePositive("gcOverheadWindow", gcOverheadWindow);
        requirePositive("liveSetMeasurementInterval", liveSetMeasurementInterval);
        if (!(liveSetMeasurementPauseShare >= 0.0 && liveSetMeasurementPauseShare < 1.0)) {
            throw new IllegalArgumentException("liveSetMeasurementPauseShare must be 0 (off) or more and below 1, was "
                    + format(liveSetMeasurementPauseShare));
        }
        requirePositive("fastInterval", fastInterval);
        Objects.requireNonNull(fastFromLevel, "fastFromLevel");
        if (fastFromLevel == MemoryPressureLevel.NONE) {
            throw new IllegalArgumentException("fastFromLevel must be LOW to CRITICAL, was NONE");
        }
        if (!(fastRiseRate > 0.0 && Double.isFinite(fastRiseRate))) {
            throw new IllegalArgumentException("fastRiseRate must be positive, was " + format(fastRiseRate));
        }
        Objects.requireNonNull(leadTime, "leadTime");
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("leadTime must be zero or positive, was " + leadTime);
        }
        checkThresholds("thresholds", thresholds);
        checkThresholds("gcOverheadThresholds", gcOverheadThresholds);
        checkThresholds("psiSomeThresholds", psiSomeThresholds);
        checkThresholds("psiFullThresholds", psiFullThresholds);
        enabledSignals = immutableCopy(enabledSignals);
        drivingSignals = immutableCopy(drivingSignals);
        Map<String, PressureThresholds> inUse = new TreeMap<>(Map.of("thresholds", thresholds));
        if (enabledSignals.contains(MemorySignal.PSI)) {
            inUse.put("psiSomeThresholds", psiSomeThresholds);
            inUse.put("psiFullThresholds", psiFullThresholds);
        }
        if (enabledSignals.contains(MemorySignal.GC_OVERHEAD)) {
            inUse.put("gcOverheadThresholds", gcOverheadThresholds);
        }
        checkHysteresis(hysteresis, inUse);
    }

    /**
     * The default settings.
     *
     * @return settings with every default listed above
     */
    public static PressureSettings defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return a new builder holding these values
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.interval = interval;
        builder.hysteresis = hysteresis;
        builder.thresholds = thresholds;
        builder.psiSomeThresholds = psiSomeThresholds;
        builder.psiFullThresholds = psiFullThresholds;
        builder.enabledSignals = EnumSet.noneOf(MemorySignal.class);
        builder.enabledSignals.addAll(enabledSignals);
        builder.drivingSignals = EnumSet.noneOf(MemorySignal.class);
        builder.drivingSignals.addAll(drivingSignals);
        builder.gcHintEnabled = gcHintEnabled;
        builder.gcHintCooldown = gcHintCooldown;
        builder.gcOverheadThresholds = gcOverheadThresholds;
        builder.gcOverheadWindow = gcOverheadWindow;
        builder.liveSetMeasurementEnabled = liveSetMeasurementEnabled;
        builder.liveSetMeasurementInterval = liveSetMeasurementInterval;
        builder.liveSetMeasurementPauseShare = liveSetMeasurementPauseShare;
        builder.fastInterval = fastInterval;
        builder.fastFromLevel = fastFromLevel;
        builder.fastRiseRate = fastRiseRate;
        builder.leadTime = leadTime;
        return builder;
    }

    /**
     * Whether a signal is read and reported.
     *
     * @param signal the signal
     * @return {@code true} if enabled
     */
    public boolean isEnabled(MemorySignal signal) {
        return enabledSignals.contains(signal);
    }

    /**
     * Whether a signal sets the level: enabled and driving.
     *
     * @param signal the signal
     * @return {@code true} if the signal's ratio is compared with thresholds
     */
    public boolean drivesLevel(MemorySignal signal) {
        return enabledSignals.contains(signal) && drivingSignals.contains(signal);
    }

    private static void requirePositive(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be positive, was " + value);
        }
    }

    private static void checkThresholds(String parameter, PressureThresholds thresholds) {
        double[] values = { thresholds.low(), thresholds.moderate(), thresholds.high(), thresholds.critical() };
        for (int i = 0; i < values.length; i++) {
            String name = parameter + "." + LEVEL_NAMES[i];
            if (!(values[i] > 0.0 && values[i] <= 1.0)) {
                throw new IllegalArgumentException(name + " must be in (0,1], was " + format(values[i]));
            }
        }
        PressureThresholds.Gap gap = thresholds.smallestGap();
        if (!gap.increases()) {
            // The low threshold is above 0 here, so the pair is two thresholds.
            throw new IllegalArgumentException(parameter + "." + LEVEL_NAMES[gap.level().ordinal() - 1] + " ("
                    + format(thresholds.threshold(gap.level())) + ") must be greater than " + parameter + "."
                    + LEVEL_NAMES[gap.lower().ordinal() - 1] + " (" + format(thresholds.threshold(gap.lower())) + ")");
        }
    }

    /** The hysteresis must be below the smallest gap of every set of thresholds in use, 0 to low included. */
    private static void checkHysteresis(double hysteresis, Map<String, PressureThresholds> inUse) {
        if (!(hysteresis >= 0.0)) {
            throw new IllegalArgumentException("hysteresis must be at least 0, was " + format(hysteresis));
        }
        for (Map.Entry<String, PressureThresholds> group : inUse.entrySet()) {
            PressureThresholds.Gap gap = group.getValue().smallestGap();
            if (!gap.leavesRoomFor(hysteresis)) {
                throw new IllegalArgumentException("hysteresis (" + format(hysteresis) + ") must be smaller than the"
                        + " smallest gap of " + group.getKey() + " (" + format(gap.size()) + ")");
            }
        }
    }

    private static Set<MemorySignal> immutableCopy(Set<MemorySignal> signals) {
        EnumSet<MemorySignal> copy = EnumSet.noneOf(MemorySignal.class);
        for (MemorySignal signal : signals) {
            copy.add(Objects.requireNonNull(signal, "signal"));
        }
        return Collections.unmodifiableSet(copy);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value).replaceFirst("\\.?0+$", "");
    }

    /**
     * Builds {@link PressureSettings}, starting from the defaults. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private Duration interval = DEFAULT_INTERVAL;

        private double hysteresis = DEFAULT_HYSTERESIS;

        private PressureThresholds thresholds = PressureThresholds.DEFAULT;

        private PressureThresholds psiSomeThresholds = PressureThresholds.PSI_SOME_DEFAULT;

        private PressureThresholds psiFullThresholds = PressureThresholds.PSI_FULL_DEFAULT;

        private EnumSet<MemorySignal> enabledSignals = EnumSet.allOf(MemorySignal.class);

        private EnumSet<MemorySignal> drivingSignals = EnumSet.copyOf(DEFAULT_DRIVING_SIGNALS);

        private boolean gcHintEnabled;

        private Duration gcHintCooldown = DEFAULT_GC_HINT_COOLDOWN;

        private PressureThresholds gcOverheadThresholds = PressureThresholds.GC_OVERHEAD_DEFAULT;

        private Duration gcOverheadWindow = DEFAULT_GC_OVERHEAD_WINDOW;

        private boolean liveSetMeasurementEnabled = true;

        private Duration liveSetMeasurementInterval = DEFAULT_LIVE_SET_MEASUREMENT_INTERVAL;

        private double liveSetMeasurementPauseShare = DEFAULT_LIVE_SET_MEASUREMENT_PAUSE_SHARE;

        private Duration fastInterval = DEFAULT_FAST_INTERVAL;

        private MemoryPressureLevel fastFromLevel = DEFAULT_FAST_FROM_LEVEL;

        private double fastRiseRate = DEFAULT_FAST_RISE_RATE;

        private Duration leadTime = DEFAULT_LEAD_TIME;

        private Builder() {
        }

        /**
         * Sets {@code interval}.
         *
         * @param interval how often signals are polled, positive
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /**
         * Sets {@code hysteresis}.
         *
         * @param hysteresis how far below a threshold a ratio must fall to leave its level
         * @return this builder
         */
        public Builder hysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * Sets {@code thresholds}.
         *
         * @param thresholds the thresholds of the byte-based signals
         * @return this builder
         */
        public Builder thresholds(PressureThresholds thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code psiSomeThresholds}.
         *
         * @param thresholds the thresholds of PSI {@code some avg10}
         * @return this builder
         */
        public Builder psiSomeThresholds(PressureThresholds thresholds) {
            this.psiSomeThresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code psiFullThresholds}.
         *
         * @param thresholds the thresholds of PSI {@code full avg10}
         * @return this builder
         */
        public Builder psiFullThresholds(PressureThresholds thresholds) {
            this.psiFullThresholds = thresholds;
            return this;
        }

        /**
         * Enables or disables one signal.
         *
         * @param signal  the signal
         * @param enabled whether it is read and reported
         * @return this builder
         */
        public Builder signalEnabled(MemorySignal signal, boolean enabled) {
            Objects.requireNonNull(signal, "signal");
            if (enabled) {
                enabledSignals.add(signal);
            }
            else {
                enabledSignals.remove(signal);
            }
            return this;
        }

        /**
         * Makes one signal drive the level or only be reported.
         *
         * @param signal  the signal
         * @param driving whether its ratio sets the level
         * @return this builder
         */
        public Builder signalDrivesLevel(MemorySignal signal, boolean driving) {
            Objects.requireNonNull(signal, "signal");
            if (driving) {
                drivingSignals.add(signal);
            }
            else {
                drivingSignals.remove(signal);
            }
            return this;
        }

        /**
         * Sets {@code gcHintEnabled}.
         *
         * @param enabled whether to call {@code System.gc()} on entering HIGH or CRITICAL
         * @return this builder
         */
        public Builder gcHintEnabled(boolean enabled) {
            this.gcHintEnabled = enabled;
            return this;
        }

        /**
         * Sets {@code gcHintCooldown}.
         *
         * @param cooldown the least time between two GC hints, positive
         * @return this builder
         */
        public Builder gcHintCooldown(Duration cooldown) {
            this.gcHintCooldown = cooldown;
            return this;
        }

        /**
         * Sets {@code gcOverheadThresholds}.
         *
         * @param thresholds the thresholds of the share of wall time spent in collection pauses
         * @return this builder
         */
        public Builder gcOverheadThresholds(PressureThresholds thresholds) {
            this.gcOverheadThresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code gcOverheadWindow}.
         *
         * @param window the sliding window of the GC overhead, positive
         * @return this builder
         */
        public Builder gcOverheadWindow(Duration window) {
            this.gcOverheadWindow = window;
            return this;
        }

        /**
         * Sets {@code liveSetMeasurementEnabled}.
         *
         * @param enabled whether to measure the live set on purpose while HIGH or CRITICAL
         * @return this builder
         */
        public Builder liveSetMeasurementEnabled(boolean enabled) {
            this.liveSetMeasurementEnabled = enabled;
            return this;
        }

        /**
         * Sets {@code liveSetMeasurementInterval}.
         *
         * @param interval how long without a measuring collection before measuring on purpose, positive
         * @return this builder
         */
        public Builder liveSetMeasurementInterval(Duration interval) {
            this.liveSetMeasurementInterval = interval;
            return this;
        }

        /**
         * Sets {@code liveSetMeasurementPauseShare}.
         *
         * @param share the most of the time from one measurement to the next that the first one's duration may take, 0
         *              (off) to below 1
         * @return this builder
         */
        public Builder liveSetMeasurementPauseShare(double share) {
            this.liveSetMeasurementPauseShare = share;
            return this;
        }

        /**
         * Sets {@code fastInterval}.
         *
         * @param interval how often container and PSI are read while pressure builds, positive
         * @return this builder
         */
        public Builder fastInterval(Duration interval) {
            this.fastInterval = interval;
            return this;
        }

        /**
         * Sets {@code fastFromLevel}.
         *
         * @param level the level from which container and PSI are read at the fast interval, LOW to CRITICAL
         * @return this builder
         */
        public Builder fastFromLevel(MemoryPressureLevel level) {
            this.fastFromLevel = level;
            return this;
        }

        /**
         * Sets {@code fastRiseRate}.
         *
         * @param ratioPerSecond the rise of the container's ratio per second above which container and PSI are read
         *                       at the fast interval, positive
         * @return this builder
         */
        public Builder fastRiseRate(double ratioPerSecond) {
            this.fastRiseRate = ratioPerSecond;
            return this;
        }

        /**
         * Sets {@code leadTime}.
         *
         * @param leadTime how far ahead the growth of {@code container} and {@code heap-after-gc} is projected, zero
         *                 (off) or more
         * @return this builder
         * @since 0.2.0
         */
        public Builder leadTime(Duration leadTime) {
            this.leadTime = leadTime;
            return this;
        }

        /**
         * Checks every value and builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first bad component
         */
        public PressureSettings build() {
            return new PressureSettings(interval, hysteresis, thresholds, psiSomeThresholds, psiFullThresholds,
                    enabledSignals, drivingSignals, gcHintEnabled, gcHintCooldown, gcOverheadThresholds,
                    gcOverheadWindow, liveSetMeasurementEnabled, liveSetMeasurementInterval,
                    liveSetMeasurementPauseShare, fastInterval, fastFromLevel, fastRiseRate, leadTime);
        }
    }

    /**
     * The four ratios at which a signal enters {@link MemoryPressureLevel#LOW}, {@link MemoryPressureLevel#MODERATE},
     * {@link MemoryPressureLevel#HIGH} and {@link MemoryPressureLevel#CRITICAL}.
     *
     * <p>A value of this type is checked where it is used, by {@link PressureSettings}, so that the message of a bad
     * value can name the setting it came from (strictly increasing, each in (0,1]).
     *
     * @param low      the ratio from which the level is at least LOW
     * @param moderate the ratio from which the level is at least MODERATE
     * @param high     the ratio from which the level is at least HIGH
     * @param critical the ratio from which the level is CRITICAL
     * @since 0.1.0
     */
    public record PressureThresholds(double low, double moderate, double high, double critical) {

        /** The default thresholds of byte-based signals: 0.60, 0.75, 0.85, 0.95. */
        public static final PressureThresholds DEFAULT = new PressureThresholds(0.60, 0.75, 0.85, 0.95);

        /**
         * The default thresholds of PSI {@code some avg10}: 0.10, 0.20, 0.35, 0.50 of the time.
         *
         * <p>"some" is the share of wall time in which at least one task waited for memory (reclaim, refaults,
         * swap-in).
         * A well-provisioned service sits at 0; Android's lmkd starts to act at a 7-10% partial stall, and tens of
         * percent mean the working set no longer fits.
         */
        public static final PressureThresholds PSI_SOME_DEFAULT = new PressureThresholds(0.10, 0.20, 0.35, 0.50);

        /**
         * The default thresholds of PSI {@code full avg10}: 0.06, 0.12, 0.20, 0.35 of the time.
         *
         * <p>"full" is the share of wall time in which every non-idle task stalled on memory at once: throughput lost
         * outright. It is never above "some", so its thresholds are lower. systemd-oomd kills a cgroup at a sustained
         * 60% full stall by default; CRITICAL at 35% leaves the service time to shed load before that.
         */
        public static final PressureThresholds PSI_FULL_DEFAULT = new PressureThresholds(0.06, 0.12, 0.20, 0.35);

        /**
         * The default thresholds of GC overhead: 0.06, 0.12, 0.20, 0.30 of wall time spent in collection pauses.
         *
         * <p>A heap with room to spare pauses its application for a few percent of the time at most. As the live set
         * nears what the collector can hold, collections come back to back and each copies more survivors: a fifth of
         * the time paused is a fifth of the throughput lost, and by a third the collector is losing the race against
         * allocation. Every gap is wider than the default hysteresis.
         */
        public static final PressureThresholds GC_OVERHEAD_DEFAULT = new PressureThresholds(0.06, 0.12, 0.20, 0.30);

        /**
         * The threshold of one level.
         *
         * @param level a level other than {@link MemoryPressureLevel#NONE}
         * @return the ratio from which that level is entered
         * @throws IllegalArgumentException for {@link MemoryPressureLevel#NONE}, which has no threshold
         */
        public double threshold(MemoryPressureLevel level) {
            return switch (level) {
                case LOW -> low;
                case MODERATE -> moderate;
                case HIGH -> high;
                case CRITICAL -> critical;
                case NONE -> throw new IllegalArgumentException("NONE has no threshold");
            };
        }

        /**
         * The level a ratio reaches when rising: the highest level whose threshold it meets.
         *
         * @param ratio a ratio in [0..1]
         * @return the level entered at that ratio
         */
        public MemoryPressureLevel levelOf(double ratio) {
            return levelOf(ratio, 0.0);
        }

        /**
         * The highest level whose threshold, lowered by {@code hysteresis}, the ratio still meets: the level a signal
         * keeps while falling.
         *
         * @param ratio      a ratio in [0..1]
         * @param hysteresis how far below a threshold the ratio must fall to leave that level
         * @return the level held at that ratio
         */
        public MemoryPressureLevel levelOf(double ratio, double hysteresis) {
            if (ratio >= critical - hysteresis) {
                return MemoryPressureLevel.CRITICAL;
            }
            if (ratio >= high - hysteresis) {
                return MemoryPressureLevel.HIGH;
            }
            if (ratio >= moderate - hysteresis) {
                return MemoryPressureLevel.MODERATE;
            }
            if (ratio >= low - hysteresis) {
                return MemoryPressureLevel.LOW;
            }
            return MemoryPressureLevel.NONE;
        }

        /**
         * The smallest gap between neighbouring thresholds, the low threshold counting as a gap from 0; the lowest
         * such pair when two gaps are equal. Both rules on thresholds read it: they must increase (every gap positive),
         * and a hysteresis must be smaller than every gap, or a level could never be left.
         *
         * @return the smallest gap and the level whose threshold closes it
         */
        public Gap smallestGap() {
            double[] values = { low, moderate, high, critical };
            int smallest = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] - values[i - 1] < values[smallest] - ((smallest > 0) ? values[smallest - 1] : 0.0)) {
                    smallest = i;
                }
            }
            double size = values[smallest] - ((smallest > 0) ? values[smallest - 1] : 0.0);
            return new Gap(MemoryPressureLevel.values()[smallest + 1], size);
        }

        /**
         * The gap below one threshold: from the threshold of the level beneath it (0 beneath LOW) up to it.
         *
         * @param level the level whose threshold closes the gap, LOW to CRITICAL
         * @param size  the threshold of {@code level} less the one beneath; zero or less when they do not increase
         * @since 0.2.0
         */
        public record Gap(MemoryPressureLevel level, double size) {

            /**
             * The level whose threshold opens the gap: the one beneath {@link #level()}, NONE (at 0) beneath LOW.
             *
             * @return the level beneath
             */
            public MemoryPressureLevel lower() {
                return MemoryPressureLevel.values()[level.ordinal() - 1];
            }

            /**
             * Whether the thresholds increase across this gap.
             *
             * @return {@code true} if the gap is positive
             */
            public boolean increases() {
                return size > 0.0;
            }

            /**
             * Whether a hysteresis leaves the gap open: a signal that falls by it below the upper threshold is still
             * above the lower one, so the level can be left.
             *
             * @param hysteresis the hysteresis
             * @return {@code true} if the hysteresis is smaller than the gap
             */
            public boolean leavesRoomFor(double hysteresis) {
                return hysteresis < size;
            }
        }
    }
}
