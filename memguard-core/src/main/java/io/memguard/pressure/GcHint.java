package io.memguard.pressure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.pressure.DefaultMemoryPressureMonitor.GcHintSnapshot;

/**
 * The collections memguard asks the JVM for, timed on the injected nanosecond ticker (the clock only stamps the last
 * attempt, which is shown to users), and none at all (reported as such) where the JVM
 * disables explicit collections:
 * <ul>
 * <li>the optional GC hint given on entering HIGH or CRITICAL: at most one {@code System.gc()} per cooldown;</li>
 * <li>the live-set measurement: while HIGH or CRITICAL, a {@code System.gc()} once no collection has measured the live
 * set for the measurement interval, nor has memguard asked for one in that time. Refusing work stops the allocation
 * that would make the collector run, so without it the level would stay where the last collection left it long
 * after memory was freed. Where explicit collections are disabled, a young collection is provoked instead, by
 * allocating short-lived garbage (see {@link G1YoungCollectionProvoker} for what that measures), where the running
 * collector makes that worthwhile; elsewhere the measurement is only counted as skipped;</li>
 * <li>the confirming measurement: a young collection's reading of the live set at CRITICAL cannot raise the level past
 * HIGH on its own ({@link PressureLevelRule}), since the old generation it read may still hold promoted garbage, so it
 * is measured at once rather than at the next interval, at most once per {@value #CONFIRMATION_SHARE}th of the
 * interval. A heap filling at a few percent a second runs out well within one interval: waiting for the regular
 * measurement left CRITICAL, and the shedding it brings, to chance;</li>
 * <li>the settling measurements: once the level has been HIGH or CRITICAL, measurements go on below HIGH until the
 * level is back at NONE, each interval twice the one before, at most {@value #SETTLING_MEASUREMENTS} of them. An idle
 * service that left HIGH on a young collection's reading (which still counts the garbage promoted while it was
 * busy) would otherwise stay at LOW or MODERATE, with its caches shrunk, until traffic came back; the bound keeps a
 * service whose live set really sits at LOW from being collected on purpose for ever.</li>
 * </ul>
 * Every measurement memguard asks for is timed ({@code System.gc()} returns once the collection is over), and no
 * regular or settling measurement comes sooner after it than its duration divided by the pause share: a full
 * collection's pause grows with the live set, tens of milliseconds on a small heap and seconds on a large one, where a
 * fixed interval of a few seconds would keep the application paused most of the time while its level stays HIGH. The
 * confirming measurement is not spaced out: a heap that may be running out cannot wait for it.
 */
final class GcHint {

    private static final Logger logger = LoggerFactory.getLogger(GcHint.class);

    /** How many measurements at most, below HIGH, after the level has left HIGH and before it is back at NONE. */
    static final int SETTLING_MEASUREMENTS = 4;

    /** A confirming measurement may follow the last measurement after this share of the measurement interval. */
    static final int CONFIRMATION_SHARE = 4;

    private final boolean enabled;

    private final long cooldownNanos;

    private final Clock clock;

    private final LongSupplier ticker;

    private final ExplicitGc explicitGc;

    private final YoungCollectionProvoker youngCollections;

    private long requested;

    private long skippedByCooldown;

    private long skippedExplicitGcDisabled;

    private GcHintSnapshot.@Nullable Outcome lastOutcome;

    private @Nullable Instant lastAttempt;

    // Ticker readings, compared by their difference only; meaningful once their flag is set.
    private boolean requestedOnce;

    private long lastRequest;

    private final boolean measurementEnabled;

    private final long measurementIntervalNanos;

    private final double measurementPauseShare;

    /** How long the last measurement memguard asked for took, on the ticker; zero before the first. */
    private long lastMeasurementDuration;

    private long measurements;

    private long measurementsSkippedExplicitGcDisabled;

    private long measurementsProvoked;

    private boolean attemptedMeasurement;

    private long lastMeasurementAttempt;

    /** Whether the level has been HIGH or CRITICAL since it was last NONE. */
    private boolean settling;

    /** Measurements asked for below HIGH since the level last left HIGH. */
    private int settlingMeasurements;

    GcHint(PressureSettings settings, Clock clock, LongSupplier ticker, ExplicitGc explicitGc) {
        this(settings, clock, ticker, explicitGc, YoungCollectionProvoker.NONE);
    }

    /**
     * A hint on the given time seams.
     *
     * @param clock  stamps the last attempt
     * @param ticker times the cooldown and the measurement intervals, in nanoseconds
     */
    GcHint(PressureSettings settings, Clock clock, LongSupplier ticker, ExplicitGc explicitGc,
            YoungCollectionProvoker youngCollections) {
        this.enabled = settings.gcHintEnabled();
        this.cooldownNanos = nanos(settings.gcHintCooldown());
        this.measurementEnabled = settings.liveSetMeasurementEnabled();
        this.measurementIntervalNanos = nanos(settings.liveSetMeasurementInterval());
        this.measurementPauseShare = settings.liveSetMeasurementPauseShare();
        this.clock = clock;
        this.ticker = ticker;
        this.explicitGc = explicitGc;
        this.youngCollections = youngCollections;
    }

    /**
     * Gives the hint if enabled, allowed by the cooldown and not disabled by the JVM.
     *
     * @return the outcome, or {@code null} when the hint is not enabled
     */
    GcHintSnapshot.@Nullable Outcome onEnteringHighPressure() {
        if (!enabled) {
            return null;
        }
        GcHintSnapshot.Outcome outcome = decide(ticker.getAsLong(), clock.instant());
        if (outcome == GcHintSnapshot.Outcome.REQUESTED) {
            logger.info("Memory pressure is high: requesting a garbage collection");
            explicitGc.request();
        }
        else {
            logger.debug("Memory pressure is high: GC hint not given ({})", outcome);
        }
        return outcome;
    }

    private synchronized GcHintSnapshot.Outcome decide(long now, Instant at) {
        GcHintSnapshot.Outcome outcome;
        if (explicitGc.isDisabled()) {
            outcome = GcHintSnapshot.Outcome.EXPLICIT_GC_DISABLED;
            skippedExplicitGcDisabled++;
        }
        else if (isRecent(requestedOnce, lastRequest, now, cooldownNanos)) {
            outcome = GcHintSnapshot.Outcome.SKIPPED_COOLDOWN;
            skippedByCooldown++;
        }
        else {
            outcome = GcHintSnapshot.Outcome.REQUESTED;
            requested++;
            requestedOnce = true;
            lastRequest = now;
        }
        lastOutcome = outcome;
        lastAttempt = at;
        return outcome;
    }

    /**
     * Asks for a collection to measure the live set, if enabled and due: at HIGH or CRITICAL once the last measuring
     * collection and the last collection memguard asked for are both at least the measurement interval old, or a
     * {@value #CONFIRMATION_SHARE}th of it when {@code confirmCritical} (a young collection's reading put the live set
     * at CRITICAL, which only a measuring collection can confirm; without explicit collections there is nothing to
     * confirm with, a provoked young collection reading the same promoted garbage, so the usual interval applies);
     * below HIGH, while settling after HIGH, the same with the interval doubled for each settling measurement already
     * made.
     *
     * @param level           the level just published
     * @param sinceMeasured   how long ago a collection last measured the live set, or {@code null} if none has
     * @param confirmCritical whether an unmeasured reading of the live set is at CRITICAL while the level is not
     * @return {@link GcHintSnapshot.Outcome#REQUESTED}, {@link GcHintSnapshot.Outcome#PROVOKED} (explicit collections
     *         disabled, a young collection provoked instead), {@link GcHintSnapshot.Outcome#EXPLICIT_GC_DISABLED}
     *         (neither possible), or {@code null} when no measurement was due
     */
    GcHintSnapshot.@Nullable Outcome measureLiveSet(MemoryPressureLevel level, @Nullable Duration sinceMeasured,
            boolean confirmCritical) {
        if (!measurementEnabled) {
            return null;
        }
        GcHintSnapshot.Outcome outcome = decideMeasurement(level, ticker.getAsLong(), sinceMeasured,
                confirmCritical && !explicitGc.isDisabled());
        if (outcome == GcHintSnapshot.Outcome.REQUESTED) {
            logger.debug("Memory pressure is {} and the live set was not measured lately: requesting a collection",
                    level);
            long start = ticker.getAsLong();
            explicitGc.request();
            measured(ticker.getAsLong() - start);
        }
        else if (outcome == GcHintSnapshot.Outcome.PROVOKED) {
            logger.debug("Memory pressure is {}, the live set was not measured lately and explicit collections are "
                    + "disabled: provoking a young collection", level);
            youngCollections.provoke();
        }
        return outcome;
    }

    private synchronized GcHintSnapshot.@Nullable Outcome decideMeasurement(MemoryPressureLevel level, long now,
            @Nullable Duration sinceMeasured, boolean confirm) {
        long interval = measurementIntervalNanos;
        if (level.isAtLeast(MemoryPressureLevel.HIGH)) {
            settling = true;
            settlingMeasurements = 0;
            if (confirm) {
                interval = measurementIntervalNanos / CONFIRMATION_SHARE;
            }
        }
        else if (level == MemoryPressureLevel.NONE) {
            settling = false;
            return null;
        }
        else if (!settling || settlingMeasurements >= SETTLING_MEASUREMENTS) {
            return null;
        }
        else {
            interval = (measurementIntervalNanos > (Long.MAX_VALUE >> settlingMeasurements)) ? Long.MAX_VALUE
                    : measurementIntervalNanos << settlingMeasurements;
        }
        if (!confirm) {
            // A heap running out cannot wait for a confirmation: only the others are spaced out by their pause.
            interval = Math.max(interval, spacingForItsPause());
        }
        if ((sinceMeasured != null && sinceMeasured.toNanos() < interval)
                || isRecent(requestedOnce, lastRequest, now, interval)
                || isRecent(attemptedMeasurement, lastMeasurementAttempt, now, interval)) {
            return null;
        }
        if (!level.isAtLeast(MemoryPressureLevel.HIGH)) {
            settlingMeasurements++;
        }
        attemptedMeasurement = true;
        lastMeasurementAttempt = now;
        if (explicitGc.isDisabled()) {
            if (youngCollections.isAvailable()) {
                measurementsProvoked++;
                return GcHintSnapshot.Outcome.PROVOKED;
            }
            measurementsSkippedExplicitGcDisabled++;
            return GcHintSnapshot.Outcome.EXPLICIT_GC_DISABLED;
        }
        measurements++;
        requestedOnce = true;
        lastRequest = now;
        return GcHintSnapshot.Outcome.REQUESTED;
    }

    /**
     * The least time from the last measurement to the next for the last one's duration to be at most the pause share of
     * it; zero with the share off or before a measurement has been timed.
     */
    private long spacingForItsPause() {
        if (!(measurementPauseShare > 0) || lastMeasurementDuration == 0) {
            return 0;
        }
        double spacing = lastMeasurementDuration / measurementPauseShare;
        return (spacing >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) spacing;
    }

    /** Records how long a measurement memguard asked for took: {@code System.gc()} returns once it is over. */
    private synchronized void measured(long durationNanos) {
        lastMeasurementDuration = Math.max(0, durationNanos);
    }

    /** A positive duration in nanoseconds; one too long for a {@code long} (292 years) is as good as for ever. */
    private static long nanos(Duration duration) {
        return (duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0) ? Long.MAX_VALUE : duration.toNanos();
    }

    /** Whether {@code then}, if {@code happened}, is less than {@code intervalNanos} before {@code now}. */
    private static boolean isRecent(boolean happened, long then, long now, long intervalNanos) {
        return happened && now - then < intervalNanos;
    }

    synchronized GcHintSnapshot snapshot() {
        return new GcHintSnapshot(enabled, explicitGc.isDisabled(), requested, skippedByCooldown,
                skippedExplicitGcDisabled, lastOutcome, lastAttempt, measurements,
                measurementsSkippedExplicitGcDisabled, measurementsProvoked);
    }
}
