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
 * <p>Every value is checked when the settings are built; a bad one throws {@link InvalidPressureSettingException}
 * naming the setting, so that nothing is half-applied. Setting names, as used in messages:
 * <ul>
 * <li>{@code pressure.interval} (default 1s): how often signals are polled; a GC notification also triggers a
 * refresh at once.</li>
 * <li>{@code pressure.fast-interval} (default 100ms), {@code pressure.fast-from-level} (default MODERATE) and
 * {@code pressure.fast-rise-rate} (default 0.02 per second): the container and PSI signals are read every
 * fast interval instead of every interval while the level is at least the fast-from level, or while the container's
 * ratio rose faster than the rise rate since its previous reading; the fast level's fast interval lasts 10 s after the
 * level fell below it; the fast interval is positive (one longer than
 * the interval changes nothing), the level is LOW to CRITICAL, the rate positive.</li>
 * <li>{@code pressure.lead-time} (default 2s): the growth of {@code container} and {@code heap-after-gc} is
 * projected this far ahead, and the level raised to what the projected ratio would reach, so that a signal expected
 * to cross a threshold within the lead time is at that level already ({@link GrowthProjection}); zero or more, zero
 * turns the projection off.</li>
 * <li>{@code pressure.hysteresis} (default 0.05): a level is left only once the driving ratio falls below the
 * level's threshold minus this; in [0, smallest gap between thresholds, the lowest threshold counting as a gap from
 * 0).</li>
 * <li>{@code pressure.thresholds.low|moderate|high|critical} (defaults 0.60, 0.75, 0.85, 0.95): for the byte-based
 * signals; each in (0,1], strictly increasing.</li>
 * <li>{@code pressure.psi.some.low|moderate|high|critical} (defaults 0.10, 0.20, 0.35, 0.50) and
 * {@code pressure.psi.full.low|moderate|high|critical} (defaults 0.06, 0.12, 0.20, 0.35): for PSI {@code some avg10}
 * and {@code full avg10}; the PSI level is the worse of the two. See {@link PressureThresholds#PSI_SOME_DEFAULT}
 * and {@link PressureThresholds#PSI_FULL_DEFAULT} for why.</li>
 * <li>{@code pressure.gc-overhead.thresholds.low|moderate|high|critical} (defaults 0.06, 0.12, 0.20, 0.30): for the
 * share of wall time spent in collection pauses the heap forced (or, on JDK 26 and later, the collector's share of the
 * JVM's CPU time, if larger); see {@link PressureThresholds#GC_OVERHEAD_DEFAULT}.
 * </li>
 * <li>{@code pressure.gc-overhead.window} (default 10s): the sliding window of that share; two full collections in
 * it (explicit ones not counted) are CRITICAL on their own.</li>
 * <li>{@code pressure.live-set.measurement-enabled} (default true) and {@code pressure.live-set.measurement-interval}
 * (default 3s): while the level is HIGH or CRITICAL and no collection has measured the live set for the interval,
 * ask for one ({@code System.gc()}, unless the JVM disables explicit collections), so that the level falls as soon
 * as memory is free instead of waiting for a collection that refused work no longer causes; after a quarter of the
 * interval when a young collection reads the live set at CRITICAL, which only a measurement can confirm. Once the
 * level has left HIGH, up to four more measurements, at twice the interval each time, follow until it is back at
 * NONE.</li>
 * <li>{@code pressure.signals}: the enabled signals (default: all); a disabled signal is neither read nor
 * reported.</li>
 * <li>{@code pressure.driving-signals}: the signals that set the level (default: {@code heap-after-gc},
 * {@code direct}, {@code container}, {@code psi}, {@code gc-overhead}); the others are reported only. {@code heap} does not drive
 * because heap use between collections is mostly garbage; {@code system} does not drive because host memory is
 * shared with other processes and, in a container, is not this process's limit. A driving signal that is disabled
 * does not drive.</li>
 * <li>{@code gc.hint-enabled} (default false): call {@code System.gc()} on entering HIGH or CRITICAL.</li>
 * <li>{@code gc.cooldown} (default 30s): the least time between two GC hints.</li>
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
        Duration liveSetMeasurementInterval, Duration fastInterval, MemoryPressureLevel fastFromLevel,
        double fastRiseRate, Duration leadTime) {

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

    /** The signals that drive the level by default. */
    public static final Set<MemorySignal> DEFAULT_DRIVING_SIGNALS = Collections.unmodifiableSet(EnumSet.of(
            MemorySignal.HEAP_AFTER_GC, MemorySignal.DIRECT, MemorySignal.CONTAINER, MemorySignal.PSI,
            MemorySignal.GC_OVERHEAD));

    private static final String[] LEVEL_NAMES = { "low", "moderate", "high", "critical" };

    private static final PressureSettings DEFAULTS = builder().build();

    public PressureSettings {
        requireSet("pressure.interval", interval);
        requireSet("pressure.thresholds", thresholds);
        requireSet("pressure.psi.some", psiSomeThresholds);
        requireSet("pressure.psi.full", psiFullThresholds);
        requireSet("pressure.signals", enabledSignals);
        requireSet("pressure.driving-signals", drivingSignals);
        requireSet("gc.cooldown", gcHintCooldown);
        requireSet("pressure.gc-overhead.thresholds", gcOverheadThresholds);
        requireSet("pressure.gc-overhead.window", gcOverheadWindow);
        requireSet("pressure.live-set.measurement-interval", liveSetMeasurementInterval);
        requirePositive("pressure.interval", interval);
        requirePositive("gc.cooldown", gcHintCooldown);
        requirePositive("pressure.gc-overhead.window", gcOverheadWindow);
        requirePositive("pressure.live-set.measurement-interval", liveSetMeasurementInterval);
        checkFastPolling(fastInterval, fastFromLevel, fastRiseRate);
        requireSet("pressure.lead-time", leadTime);
        if (leadTime.isNegative()) {
            throw new InvalidPressureSettingException("pressure.lead-time", "pressure.lead-time must be zero or a "
                    + "positive duration, was " + leadTime + "; use a value such as 2s, or 0s to turn it off");
        }
        checkThresholds("pressure.thresholds", thresholds);
        checkThresholds("pressure.gc-overhead.thresholds", gcOverheadThresholds);
        checkThresholds("pressure.psi.some", psiSomeThresholds);
        checkThresholds("pressure.psi.full", psiFullThresholds);
        enabledSignals = immutableCopy(enabledSignals);
        drivingSignals = immutableCopy(drivingSignals);
        Map<String, PressureThresholds> inUse = new TreeMap<>(Map.of("pressure.thresholds", thresholds));
        if (enabledSignals.contains(MemorySignal.PSI)) {
            inUse.put("pressure.psi.some", psiSomeThresholds);
            inUse.put("pressure.psi.full", psiFullThresholds);
        }
        if (enabledSignals.contains(MemorySignal.GC_OVERHEAD)) {
            inUse.put("pressure.gc-overhead.thresholds", gcOverheadThresholds);
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

    private static void requireSet(String setting, Object value) {
        if (value == null) {
            throw new InvalidPressureSettingException(setting, setting + " must be set");
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidPressureSettingException(setting,
                    setting + " must be a positive duration, was " + value + "; use a value such as 1s");
        }
    }

    private static void checkFastPolling(Duration fastInterval, MemoryPressureLevel fromLevel,
            double riseRate) {
        requireSet("pressure.fast-interval", fastInterval);
        requireSet("pressure.fast-from-level", fromLevel);
        requirePositive("pressure.fast-interval", fastInterval);
        if (fromLevel == MemoryPressureLevel.NONE) {
            throw new InvalidPressureSettingException("pressure.fast-from-level",
                    "pressure.fast-from-level must be low, moderate, high or critical, was none; to read every "
                            + "signal fast at all times, set pressure.interval to the fast interval instead");
        }
        if (!(riseRate > 0.0 && Double.isFinite(riseRate))) {
            throw new InvalidPressureSettingException("pressure.fast-rise-rate", "pressure.fast-rise-rate must be "
                    + "a positive ratio per second, was " + format(riseRate) + "; use a value such as 0.02");
        }
    }

    private static void checkThresholds(String group, PressureThresholds thresholds) {
        String[] names = LEVEL_NAMES;
        double[] values = { thresholds.low(), thresholds.moderate(), thresholds.high(), thresholds.critical() };
        for (int i = 0; i < values.length; i++) {
            String setting = group + "." + names[i];
            if (!(values[i] > 0.0 && values[i] <= 1.0)) {
                throw new InvalidPressureSettingException(setting,
                        setting + " must be a ratio in (0,1], was " + format(values[i]));
            }
            if (i > 0 && values[i] <= values[i - 1]) {
                String previous = group + "." + names[i - 1];
                throw new InvalidPressureSettingException(setting, setting + " (" + format(values[i])
                        + ") must be greater than " + previous + " (" + format(values[i - 1])
                        + "): thresholds must be strictly increasing from low to critical");
            }
        }
    }

    /** The hysteresis must be below the smallest gap of every set of thresholds in use, 0 to low included. */
    private static void checkHysteresis(double hysteresis, Map<String, PressureThresholds> groups) {
        String setting = "pressure.hysteresis";
        if (!(hysteresis >= 0.0)) {
            throw new InvalidPressureSettingException(setting,
                    setting + " must be at least 0, was " + format(hysteresis));
        }
        double smallestGap = Double.MAX_VALUE;
        String upper = null;
        String lower = null;
        for (Map.Entry<String, PressureThresholds> group : new TreeMap<>(groups).entrySet()) {
            PressureThresholds thresholds = group.getValue();
            double[] values = { 0.0, thresholds.low(), thresholds.moderate(), thresholds.high(),
                    thresholds.critical() };
            for (int i = 1; i < values.length; i++) {
                double gap = values[i] - values[i - 1];
                if (gap < smallestGap) {
                    smallestGap = gap;
                    upper = group.getKey() + "." + LEVEL_NAMES[i - 1] + " (" + format(values[i]) + ")";
                    lower = (i == 1) ? "0" : group.getKey() + "." + LEVEL_NAMES[i - 2];
                }
            }
        }
        if (hysteresis >= smallestGap) {
            throw new InvalidPressureSettingException(setting, setting + " (" + format(hysteresis)
                    + ") must be smaller than the smallest gap between thresholds, but " + upper + " is only "
                    + format(smallestGap) + " above " + lower + "; lower " + setting + " or widen the thresholds");
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

        private Duration fastInterval = DEFAULT_FAST_INTERVAL;

        private MemoryPressureLevel fastFromLevel = DEFAULT_FAST_FROM_LEVEL;

        private double fastRiseRate = DEFAULT_FAST_RISE_RATE;

        private Duration leadTime = DEFAULT_LEAD_TIME;

        private Builder() {
        }

        /**
         * Sets {@code pressure.interval}.
         *
         * @param interval how often signals are polled, positive
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /**
         * Sets {@code pressure.hysteresis}.
         *
         * @param hysteresis how far below a threshold a ratio must fall to leave its level
         * @return this builder
         */
        public Builder hysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * Sets {@code pressure.thresholds}.
         *
         * @param thresholds the thresholds of the byte-based signals
         * @return this builder
         */
        public Builder thresholds(PressureThresholds thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code pressure.psi.some}.
         *
         * @param thresholds the thresholds of PSI {@code some avg10}
         * @return this builder
         */
        public Builder psiSomeThresholds(PressureThresholds thresholds) {
            this.psiSomeThresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code pressure.psi.full}.
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
         * Sets {@code gc.hint-enabled}.
         *
         * @param enabled whether to call {@code System.gc()} on entering HIGH or CRITICAL
         * @return this builder
         */
        public Builder gcHintEnabled(boolean enabled) {
            this.gcHintEnabled = enabled;
            return this;
        }

        /**
         * Sets {@code gc.cooldown}.
         *
         * @param cooldown the least time between two GC hints, positive
         * @return this builder
         */
        public Builder gcHintCooldown(Duration cooldown) {
            this.gcHintCooldown = cooldown;
            return this;
        }

        /**
         * Sets {@code pressure.gc-overhead.thresholds}.
         *
         * @param thresholds the thresholds of the share of wall time spent in collection pauses
         * @return this builder
         */
        public Builder gcOverheadThresholds(PressureThresholds thresholds) {
            this.gcOverheadThresholds = thresholds;
            return this;
        }

        /**
         * Sets {@code pressure.gc-overhead.window}.
         *
         * @param window the sliding window of the GC overhead, positive
         * @return this builder
         */
        public Builder gcOverheadWindow(Duration window) {
            this.gcOverheadWindow = window;
            return this;
        }

        /**
         * Sets {@code pressure.live-set.measurement-enabled}.
         *
         * @param enabled whether to measure the live set on purpose while HIGH or CRITICAL
         * @return this builder
         */
        public Builder liveSetMeasurementEnabled(boolean enabled) {
            this.liveSetMeasurementEnabled = enabled;
            return this;
        }

        /**
         * Sets {@code pressure.live-set.measurement-interval}.
         *
         * @param interval how long without a measuring collection before measuring on purpose, positive
         * @return this builder
         */
        public Builder liveSetMeasurementInterval(Duration interval) {
            this.liveSetMeasurementInterval = interval;
            return this;
        }

        /**
         * Sets {@code pressure.fast-interval}.
         *
         * @param interval how often container and PSI are read while pressure builds, positive
         * @return this builder
         */
        public Builder fastInterval(Duration interval) {
            this.fastInterval = interval;
            return this;
        }

        /**
         * Sets {@code pressure.fast-from-level}.
         *
         * @param level the level from which container and PSI are read at the fast interval, LOW to CRITICAL
         * @return this builder
         */
        public Builder fastFromLevel(MemoryPressureLevel level) {
            this.fastFromLevel = level;
            return this;
        }

        /**
         * Sets {@code pressure.fast-rise-rate}.
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
         * Sets {@code pressure.lead-time}.
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
         * @throws InvalidPressureSettingException naming the first bad setting
         */
        public PressureSettings build() {
            return new PressureSettings(interval, hysteresis, thresholds, psiSomeThresholds, psiFullThresholds,
                    enabledSignals, drivingSignals, gcHintEnabled, gcHintCooldown, gcOverheadThresholds,
                    gcOverheadWindow, liveSetMeasurementEnabled, liveSetMeasurementInterval, fastInterval,
                    fastFromLevel, fastRiseRate, leadTime);
        }
    }
}
