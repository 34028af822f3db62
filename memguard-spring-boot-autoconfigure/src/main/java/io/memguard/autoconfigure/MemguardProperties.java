package io.memguard.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.PressureSettings;
import io.memguard.pressure.PressureSettings.PressureThresholds;
import io.memguard.pressure.PressureSettings.PressureThresholds.Gap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of memguard's memory pressure model, bound from {@code memguard.*}.
 *
 * <p>Every value is checked while Spring Boot binds it: this class is its own {@link Validator}, and Boot hands it
 * every nested group into which a value was bound. A bad value fails start-up with Boot's report of the property, its
 * value, where it was set and a reason that says how to fix it. The defaults are those of memguard-core's
 * {@link PressureSettings#defaults()}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("memguard")
public class MemguardProperties implements Validator {

    /**
     * Whether memguard is on. When false, memguard creates no monitor, endpoint, health contributor, metrics
     * or events at all.
     */
    private boolean enabled = true;

    /**
     * What a memguard.* key that no memguard property has (a typo, such as presure for pressure) does at start-up:
     * fail (the default) names it and the nearest valid key; warn only logs the same, once. Whatever this says, every
     * memguard boolean must be true or false: flase, yes or on fail start-up.
     */
    private UnknownProperties unknownProperties = UnknownProperties.FAIL;

    private final Pressure pressure = new Pressure();

    private final Gc gc = new Gc();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public UnknownProperties getUnknownProperties() {
        return unknownProperties;
    }

    public void setUnknownProperties(UnknownProperties unknownProperties) {
        this.unknownProperties = unknownProperties;
    }

    public Pressure getPressure() {
        return pressure;
    }

    public Gc getGc() {
        return gc;
    }

    /**
     * Checks the groups that have rules. Boot calls this for the root object and for every nested group that a
     * property was bound into, each under its own name, so that a rejected field is reported as the full property,
     * with its origin; a group into which nothing was bound keeps its defaults, which are valid.
     *
     * @param type the class of the object to check
     * @return whether it is this class or a nested group with a rule
     */
    @Override
    public boolean supports(Class<?> type) {
        return type == MemguardProperties.class || type == Pressure.class || type == Thresholds.class
                || type == GcOverhead.class || type == LiveSet.class || type == Gc.class
                || type == HeapFreeRatios.class;
    }

    @Override
    public void validate(Object target, Errors errors) {
        if (target instanceof Pressure group) {
            group.validate(errors);
        }
        else if (target instanceof Thresholds group) {
            group.validate(errors);
        }
        else if (target instanceof GcOverhead group) {
            PropertyChecks.positive(errors, "window", group.getWindow(), "10s");
        }
        else if (target instanceof LiveSet group) {
            PropertyChecks.positive(errors, "measurementInterval", group.getMeasurementInterval(), "3s");
            double share = group.getMeasurementPauseShare();
            if (!(share >= 0.0 && share < 1.0)) {
                PropertyChecks.reject(errors, "measurementPauseShare",
                        "must be 0 (off) or more and below 1, such as 0.1");
            }
        }
        else if (target instanceof Gc group) {
            PropertyChecks.positive(errors, "cooldown", group.getCooldown(), "30s");
        }
        else if (target instanceof HeapFreeRatios group) {
            group.validate(errors);
        }
    }

    /**
     * What start-up does with a {@code memguard.*} key that no memguard property has.
     *
     * @since 0.1.0
     */
    public enum UnknownProperties {

        /** Start-up fails, naming the key and the nearest valid one. */
        FAIL,

        /** Start-up logs one warning naming the key and the nearest valid one. */
        WARN
    }

    /**
     * How the pressure level is computed.
     *
     * @since 0.1.0
     */
    public static class Pressure {

        /**
         * How often every signal is read when calm. A garbage collection also triggers a reading of the JVM's own
         * signals (heap, heap-after-gc, direct) at once, so they follow every collection; system keeps this interval,
         * container and PSI keep it until pressure builds (see fast-interval). Positive.
         */
        private Duration interval = Duration.ofSeconds(1);

        /**
         * How often the container and PSI signals are read while pressure builds: from the fast-from level, or while
         * the container fills faster than the fast rise rate. On cgroup v2 each such reading also checks the
         * memory.events high and max counters; one that went up means the kernel is already reclaiming or
         * throttling, and counts the container as at least HIGH. Positive; a value above the interval changes
         * nothing.
         */
        private Duration fastInterval = Duration.ofMillis(100);

        /**
         * The level from which the container and PSI signals are read at the fast interval: low, moderate, high or
         * critical.
         */
        private MemoryPressureLevel fastFromLevel = MemoryPressureLevel.MODERATE;

        /**
         * The rise of the container's ratio (working set over limit) per second, between two readings, above which
         * the container and PSI signals are read at the fast interval whatever the level. 0.02 is 12 MiB/s in a
         * 600 MiB container. Positive.
         */
        private double fastRiseRate = 0.02;

        /**
         * How far ahead the growth of the container and heap-after-gc signals is projected (a slope fitted over their
         * recent readings). A signal expected to cross a threshold within this time counts at that level now, so
         * that CRITICAL is reached about this long before the critical threshold itself (the heap's projection
         * raises the level to HIGH at most: its slope is mostly work in flight, and the heap's CRITICAL comes
         * measured); the level and event say "projected", /actuator/memory shows each reading's secondsToLimit, and
         * the level falls back with the hysteresis once the growth stops. Zero or more; 0 turns the projection off.
         */
        private Duration leadTime = Duration.ofSeconds(2);

        /**
         * How far, as a ratio, a driving signal must fall below a level's threshold before that level is left, so
         * that the level does not flap around a threshold. At least 0 and smaller than the smallest gap between
         * neighbouring thresholds (the low threshold counts as a gap from 0).
         */
        private double hysteresis = 0.05;

        private final Thresholds thresholds = Thresholds.startingFrom(PressureThresholds.DEFAULT);

        private final Psi psi = new Psi();

        private final Signals signals = new Signals();

        private final GcOverhead gcOverhead = new GcOverhead();

        private final LiveSet liveSet = new LiveSet();

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getFastInterval() {
            return fastInterval;
        }

        public void setFastInterval(Duration fastInterval) {
            this.fastInterval = fastInterval;
        }

        public MemoryPressureLevel getFastFromLevel() {
            return fastFromLevel;
        }

        public void setFastFromLevel(MemoryPressureLevel fastFromLevel) {
            this.fastFromLevel = fastFromLevel;
        }

        public double getFastRiseRate() {
            return fastRiseRate;
        }

        public void setFastRiseRate(double fastRiseRate) {
            this.fastRiseRate = fastRiseRate;
        }

        public Duration getLeadTime() {
            return leadTime;
        }

        public void setLeadTime(Duration leadTime) {
            this.leadTime = leadTime;
        }

        public double getHysteresis() {
            return hysteresis;
        }

        public void setHysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
        }

        public Thresholds getThresholds() {
            return thresholds;
        }

        public Psi getPsi() {
            return psi;
        }

        public Signals getSignals() {
            return signals;
        }

        public GcOverhead getGcOverhead() {
            return gcOverhead;
        }

        public LiveSet getLiveSet() {
            return liveSet;
        }

        void validate(Errors errors) {
            PropertyChecks.positive(errors, "interval", interval, "1s");
            PropertyChecks.positive(errors, "fastInterval", fastInterval, "100ms");
            PropertyChecks.aboveNone(errors, "fastFromLevel", fastFromLevel, "; to read every signal fast at all"
                    + " times, set " + PropertyChecks.property(errors, "interval") + " to the fast interval instead");
            PropertyChecks.positive(errors, "fastRiseRate", fastRiseRate,
                    "0.02 (a ratio of the container limit per second)");
            PropertyChecks.notNegative(errors, "leadTime", leadTime, "2s, or 0s to turn the projection off");
            if (!(hysteresis >= 0.0)) {
                PropertyChecks.reject(errors, "hysteresis", "must be at least 0, such as 0.05");
                return;
            }
            Map<String, Thresholds> inUse = new LinkedHashMap<>();
            inUse.put("thresholds", thresholds);
            if (signals.getPsi().isEnabled()) {
                inUse.put("psi.some", psi.getSome());
                inUse.put("psi.full", psi.getFull());
            }
            if (signals.getGcOverhead().isEnabled()) {
                inUse.put("gcOverhead.thresholds", gcOverhead.getThresholds());
            }
            for (Map.Entry<String, Thresholds> group : inUse.entrySet()) {
                if (group.getValue().rejectGapBelow(hysteresis, errors, group.getKey())) {
                    return;
                }
            }
        }
    }

    /**
     * The gc-overhead signal: the share of wall time spent in collection pauses the heap forced, or on JDK 26 and
     * later the collector's share of the JVM's CPU time (wall time times available processors), if larger.
     *
     * @since 0.1.0
     */
    public static class GcOverhead {

        private final Thresholds thresholds = Thresholds.startingFrom(PressureThresholds.GC_OVERHEAD_DEFAULT);

        /**
         * The sliding window over which the share of time paused is measured; two full collections the heap forced
         * within it (System.gc() not counted) are CRITICAL on their own. Positive. On JDK 26 and later the
         * collector's share of the JVM's CPU time over the window (MemoryMXBean.getTotalGcCpuTime() over wall time
         * times the available processors, concurrent work included) is read too, and the larger share counts; JDK 17
         * to 25 do not report it.
         */
        private Duration window = Duration.ofSeconds(10);

        public Thresholds getThresholds() {
            return thresholds;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }

    /**
     * Measuring the live set on purpose while the level is HIGH or CRITICAL.
     *
     * @since 0.1.0
     */
    public static class LiveSet {

        /**
         * Whether, while the level is HIGH or CRITICAL, memguard asks for a collection (System.gc()) once no
         * collection has measured the live set for the measurement interval, so that the level falls as soon as
         * memory is free. Refused work allocates nothing, so without it the level can wait long for a collection.
         * Once the level has left HIGH, up to four more measurements follow, at twice the interval each time, until
         * the level is back at NONE.
         * Has no effect under -XX:+DisableExplicitGC (each due measurement is then counted as skipped).
         */
        private boolean measurementEnabled = true;

        /**
         * How long the live set may go unmeasured (no full or mixed collection, no end of a concurrent cycle) while
         * the level is HIGH or CRITICAL before memguard asks for a collection; also the least time between two such
         * requests. A quarter of it when a young collection reads the live set at CRITICAL, or the growth of those readings
         * projects it there within the lead time: only a measurement can confirm that, and a heap filling fast runs
         * out within one interval. Positive.
         */
        private Duration measurementInterval = Duration.ofSeconds(3);

        /**
         * The most of the time from one measurement to the next that the first one's pause may take. Each measurement
         * is a full collection, timed; the next regular or settling one waits at least its duration divided by this
         * share. A small heap's takes tens of milliseconds and keeps the intervals; a large heap's takes seconds and
         * spaces the next one out (2s: 20s at least), so that a level that stays HIGH does not keep the application
         * paused. A confirming measurement (a reading at CRITICAL) is not spaced out. 0 turns it off; below 1.
         */
        private double measurementPauseShare = 0.1;

        public boolean isMeasurementEnabled() {
            return measurementEnabled;
        }

        public void setMeasurementEnabled(boolean measurementEnabled) {
            this.measurementEnabled = measurementEnabled;
        }

        public Duration getMeasurementInterval() {
            return measurementInterval;
        }

        public void setMeasurementInterval(Duration measurementInterval) {
            this.measurementInterval = measurementInterval;
        }

        public double getMeasurementPauseShare() {
            return measurementPauseShare;
        }

        public void setMeasurementPauseShare(double measurementPauseShare) {
            this.measurementPauseShare = measurementPauseShare;
        }
    }

    /**
     * Thresholds of Linux pressure stall information (PSI) for memory; the PSI level is the worse of "some" and
     * "full".
     *
     * @since 0.1.0
     */
    public static class Psi {

        private final Thresholds some = Thresholds.startingFrom(PressureThresholds.PSI_SOME_DEFAULT);

        private final Thresholds full = Thresholds.startingFrom(PressureThresholds.PSI_FULL_DEFAULT);

        public Thresholds getSome() {
            return some;
        }

        public Thresholds getFull() {
            return full;
        }
    }

    /**
     * Which signals are observed and which of them set the level.
     *
     * @since 0.1.0
     */
    public static class Signals {

        private final Signal heapAfterGc = Signal.startingFrom(MemorySignal.HEAP_AFTER_GC);

        private final Signal heap = Signal.startingFrom(MemorySignal.HEAP);

        private final Signal direct = Signal.startingFrom(MemorySignal.DIRECT);

        private final Signal container = Signal.startingFrom(MemorySignal.CONTAINER);

        private final Signal system = Signal.startingFrom(MemorySignal.SYSTEM);

        private final Signal psi = Signal.startingFrom(MemorySignal.PSI);

        private final Signal gcOverhead = Signal.startingFrom(MemorySignal.GC_OVERHEAD);

        public Signal getHeapAfterGc() {
            return heapAfterGc;
        }

        public Signal getHeap() {
            return heap;
        }

        public Signal getDirect() {
            return direct;
        }

        public Signal getContainer() {
            return container;
        }

        public Signal getSystem() {
            return system;
        }

        public Signal getPsi() {
            return psi;
        }

        public Signal getGcOverhead() {
            return gcOverhead;
        }

        Signal get(MemorySignal signal) {
            return switch (signal) {
                case HEAP_AFTER_GC -> heapAfterGc;
                case HEAP -> heap;
                case DIRECT -> direct;
                case CONTAINER -> container;
                case SYSTEM -> system;
                case PSI -> psi;
                case GC_OVERHEAD -> gcOverhead;
            };
        }
    }

    /**
     * Whether one signal is observed and whether it sets the level. The defaults of each signal are those of
     * memguard-core's {@link PressureSettings#defaults()}.
     *
     * @since 0.1.0
     */
    public static class Signal {

        /**
         * Whether this signal is read and reported at all.
         */
        private boolean enabled;

        /**
         * Whether this signal sets the pressure level; the level is the worst over the enabled signals that do.
         */
        private boolean drivesLevel;

        static Signal startingFrom(MemorySignal signal) {
            Signal defaults = new Signal();
            defaults.enabled = PressureSettings.defaults().isEnabled(signal);
            defaults.drivesLevel = PressureSettings.defaults().drivingSignals().contains(signal);
            return defaults;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isDrivesLevel() {
            return drivesLevel;
        }

        public void setDrivesLevel(boolean drivesLevel) {
            this.drivesLevel = drivesLevel;
        }
    }

    /**
     * The ratios at which each level starts, each in (0, 1] and strictly increasing. The defaults are those of
     * memguard-core's {@link PressureThresholds}.
     *
     * @since 0.1.0
     */
    public static class Thresholds {

        /**
         * Ratio from which the level is LOW.
         */
        private double low;

        /**
         * Ratio from which the level is MODERATE.
         */
        private double moderate;

        /**
         * Ratio from which the level is HIGH.
         */
        private double high;

        /**
         * Ratio from which the level is CRITICAL.
         */
        private double critical;

        private static final String[] NAMES = { "low", "moderate", "high", "critical" };

        private static String format(double value) {
            return String.format(Locale.ROOT, "%.4g", value).replaceFirst("\\.?0+$", "");
        }

        /** The values these thresholds start from, to tell a value the user set from one they left alone. */
        private final PressureThresholds defaults;

        private Thresholds(PressureThresholds defaults) {
            this.defaults = defaults;
            this.low = defaults.low();
            this.moderate = defaults.moderate();
            this.high = defaults.high();
            this.critical = defaults.critical();
        }

        static Thresholds startingFrom(PressureThresholds defaults) {
            return new Thresholds(defaults);
        }

        PressureThresholds toPressureThresholds() {
            return new PressureThresholds(low, moderate, high, critical);
        }

        private double[] values() {
            return new double[] { low, moderate, high, critical };
        }

        private double[] defaultValues() {
            return new double[] { defaults.low(), defaults.moderate(), defaults.high(), defaults.critical() };
        }

        /**
         * Rejects a value that is not a ratio, then the neighbouring pair that does not increase, as memguard-core's
         * {@link PressureThresholds#smallestGap()} finds it. A threshold
         * set alone, such as critical at 0.80, can conflict with a default the user never wrote (high at 0.85): the
         * reason then names that neighbour and says to change it as well.
         */
        void validate(Errors errors) {
            double[] values = values();
            double[] defaultValues = defaultValues();
            for (int i = 0; i < values.length; i++) {
                PropertyChecks.ratio(errors, NAMES[i], values[i], format(defaultValues[i]));
            }
            if (errors.hasErrors()) {
                return;
            }
            Gap gap = toPressureThresholds().smallestGap();
            if (!gap.increases()) {
                rejectOrder(errors, gap.level().ordinal() - 1, values, defaultValues);
            }
        }

        private static void rejectOrder(Errors errors, int i, double[] values, double[] defaultValues) {
            String lower = PropertyChecks.property(errors, NAMES[i - 1]);
            String upper = PropertyChecks.property(errors, NAMES[i]);
            boolean lowerIsDefault = values[i - 1] == defaultValues[i - 1];
            boolean upperIsDefault = values[i] == defaultValues[i];
            if (lowerIsDefault && !upperIsDefault) {
                String keep = (i > 1) ? " (keeping it above " + PropertyChecks.property(errors, NAMES[i - 2]) + ", "
                        + format(values[i - 2]) + ")" : "";
                PropertyChecks.reject(errors, NAMES[i], "must be above " + lower + ", which keeps its default "
                        + format(values[i - 1]) + ": lower " + lower + " below " + format(values[i]) + " as well"
                        + keep + ", or set this above " + format(values[i - 1]));
            }
            else if (upperIsDefault && !lowerIsDefault) {
                String keep = (i < 3) ? " (keeping it below " + PropertyChecks.property(errors, NAMES[i + 1]) + ", "
                        + format(values[i + 1]) + ")" : " (at most 1)";
                PropertyChecks.reject(errors, NAMES[i - 1], "must be below " + upper + ", which keeps its default "
                        + format(values[i]) + ": raise " + upper + " above " + format(values[i - 1]) + " as well"
                        + keep + ", or set this below " + format(values[i]));
            }
            else {
                PropertyChecks.reject(errors, NAMES[i], "must be above " + lower + " (" + format(values[i - 1])
                        + "): the thresholds increase from low to critical; raise this or lower " + lower);
            }
        }

        /**
         * Rejects the smallest gap between neighbouring thresholds (the low threshold counting as a gap from 0) when
         * it is not above the hysteresis: the level could then never be left. memguard-core's
         * {@link PressureThresholds#smallestGap()} finds the gap; this only words the reason. The hysteresis is
         * rejected, unless it keeps its default and these thresholds do not, since then the thresholds are what the
         * user wrote.
         *
         * @param hysteresis the hysteresis
         * @param errors     the errors of the pressure group
         * @param path       the path of these thresholds below the pressure group, such as {@code psi.some}
         * @return whether a value was rejected
         */
        boolean rejectGapBelow(double hysteresis, Errors errors, String path) {
            Gap smallestGap = toPressureThresholds().smallestGap();
            if (smallestGap.leavesRoomFor(hysteresis)) {
                return false;
            }
            double[] values = values();
            int smallest = smallestGap.level().ordinal() - 1;
            double gap = smallestGap.size();
            String upperField = path + "." + NAMES[smallest];
            String upper = PropertyChecks.property(errors, upperField);
            String lower = (smallest > 0) ? PropertyChecks.property(errors, path + "." + NAMES[smallest - 1]) : "0";
            String hysteresisProperty = PropertyChecks.property(errors, "hysteresis");
            boolean thresholdsAreDefault = Arrays.equals(values, defaultValues());
            if (hysteresis == PressureSettings.DEFAULT_HYSTERESIS && !thresholdsAreDefault) {
                PropertyChecks.reject(errors, upperField, "is only " + format(gap) + " above " + lower + ", not more"
                        + " than " + hysteresisProperty + " (" + format(hysteresis) + ", its default): widen the gap,"
                        + " or lower " + hysteresisProperty + " below " + format(gap) + " as well");
            }
            else {
                PropertyChecks.reject(errors, "hysteresis", "must be smaller than the smallest gap between"
                        + " neighbouring thresholds, but " + upper + " (" + format(values[smallest]) + ") is only "
                        + format(gap) + " above " + lower + ": lower it below " + format(gap)
                        + ", or widen those thresholds");
            }
            return true;
        }

        public double getLow() {
            return low;
        }

        public void setLow(double low) {
            this.low = low;
        }

        public double getModerate() {
            return moderate;
        }

        public void setModerate(double moderate) {
            this.moderate = moderate;
        }

        public double getHigh() {
            return high;
        }

        public void setHigh(double high) {
            this.high = high;
        }

        public double getCritical() {
            return critical;
        }

        public void setCritical(double critical) {
            this.critical = critical;
        }
    }

    /**
     * The optional garbage collection hint.
     *
     * @since 0.1.0
     */
    public static class Gc {

        /**
         * Whether memguard asks the JVM for a collection (System.gc()) when the level enters HIGH or CRITICAL.
         * Has no effect when the JVM runs with -XX:+DisableExplicitGC; the memory endpoint then says so.
         */
        private boolean hintEnabled = false;

        /**
         * The least time between two GC hints. Positive.
         */
        private Duration cooldown = Duration.ofSeconds(30);

        private final HeapFreeRatios heapFreeRatios = new HeapFreeRatios();

        public boolean isHintEnabled() {
            return hintEnabled;
        }

        public void setHintEnabled(boolean hintEnabled) {
            this.hintEnabled = hintEnabled;
        }

        public Duration getCooldown() {
            return cooldown;
        }

        public void setCooldown(Duration cooldown) {
            this.cooldown = cooldown;
        }

        public HeapFreeRatios getHeapFreeRatios() {
            return heapFreeRatios;
        }
    }

    /**
     * The heap free ratios (-XX:MinHeapFreeRatio and -XX:MaxHeapFreeRatio) memguard sets while a memory-limited
     * container is under pressure, so that the collector stops committing heap the container has no room for and
     * gives the excess back at its next heap resize (see docs/container.md).
     *
     * @since 0.1.0
     */
    public static class HeapFreeRatios {

        /**
         * Whether memguard lowers the heap free ratios while the JVM runs in a memory-limited container, from
         * from-level until the level has fallen to exit-level, then puts the JVM's own values back.
         */
        private boolean enabled = true;

        /**
         * The level from which the ratios are lowered: LOW, MODERATE, HIGH or CRITICAL.
         */
        private MemoryPressureLevel fromLevel = MemoryPressureLevel.HIGH;

        /**
         * The level at or below which the JVM's own ratios come back: NONE, LOW, MODERATE or HIGH, below from-level.
         * Not the first fall below from-level: releasing heap lowers the working set by itself.
         */
        private MemoryPressureLevel exitLevel = MemoryPressureLevel.LOW;

        /**
         * MinHeapFreeRatio under pressure, in percent (0 to 100): the share of the heap the collector keeps free by
         * committing more. 0 stops that growth.
         */
        private int min = 0;

        /**
         * MaxHeapFreeRatio under pressure, in percent (min to 100): above this share of free heap, the next resize
         * (G1: at Remark and after a full collection) gives the excess back to the operating system.
         */
        private int max = 20;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public MemoryPressureLevel getFromLevel() {
            return fromLevel;
        }

        public void setFromLevel(MemoryPressureLevel fromLevel) {
            this.fromLevel = fromLevel;
        }

        public MemoryPressureLevel getExitLevel() {
            return exitLevel;
        }

        public void setExitLevel(MemoryPressureLevel exitLevel) {
            this.exitLevel = exitLevel;
        }

        public int getMin() {
            return min;
        }

        public void setMin(int min) {
            this.min = min;
        }

        public int getMax() {
            return max;
        }

        public void setMax(int max) {
            this.max = max;
        }

        void validate(Errors errors) {
            PropertyChecks.aboveNone(errors, "fromLevel", fromLevel, ", such as HIGH");
            if (fromLevel != null && fromLevel != MemoryPressureLevel.NONE
                    && (exitLevel == null || exitLevel.compareTo(fromLevel) >= 0)) {
                String from = PropertyChecks.property(errors, "fromLevel");
                String exit = PropertyChecks.property(errors, "exitLevel");
                if (exitLevel == MemoryPressureLevel.LOW && fromLevel != MemoryPressureLevel.HIGH) {
                    PropertyChecks.reject(errors, "fromLevel", "must be above " + exit + ", which keeps its default"
                            + " LOW: set this above LOW, or set " + exit + " below " + fromLevel + " as well");
                }
                else {
                    PropertyChecks.reject(errors, "exitLevel", "must be below " + from + " (" + fromLevel
                            + "), such as LOW");
                }
            }
            if (min < 0 || min > 100) {
                PropertyChecks.reject(errors, "min", "must be a percentage from 0 to 100, such as 0");
            }
            else if (max < min || max > 100) {
                PropertyChecks.reject(errors, "max", "must be a percentage from " + PropertyChecks.property(errors,
                        "min") + " (" + min + ") to 100, such as 20");
            }
        }
    }
}
