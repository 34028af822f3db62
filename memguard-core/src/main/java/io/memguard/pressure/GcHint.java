package io.memguard.pressure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections memguard asks the JVM for, on the injected clock, and none at all (reported as such) where the JVM
 * disables explicit collections:
 * <ul>
 * <li>the optional GC hint given on entering HIGH or CRITICAL: at most one {@code System.gc()} per cooldown;</li>
 * <li>the live-set measurement: while HIGH or CRITICAL, a {@code System.gc()} once no collection has measured the live
 * set for the measurement interval, nor has memguard asked for one in that time. Refusing work stops the allocation
 * that would make the collector run, so without it the level would stay where the last collection left it long
 * after memory was freed. Where explicit collections are disabled, a young collection is provoked instead, by
 * allocating short-lived garbage (see {@link G1YoungCollectionProvoker} for what that measures), where the running
 * collector makes that worthwhile; elsewhere the measurement is only counted as skipped.</li>
 * </ul>
 */
final class GcHint {

    private static final Logger logger = LoggerFactory.getLogger(GcHint.class);

    private final boolean enabled;

    private final Duration cooldown;

    private final Clock clock;

    private final ExplicitGc explicitGc;

    private final YoungCollectionProvoker youngCollections;

    private long requested;

    private long skippedByCooldown;

    private long skippedExplicitGcDisabled;

    private GcHintOutcome lastOutcome;

    private Instant lastAttempt;

    private Instant lastRequest;

    private final boolean measurementEnabled;

    private final Duration measurementInterval;

    private long measurements;

    private long measurementsSkippedExplicitGcDisabled;

    private long measurementsProvoked;

    private Instant lastMeasurementAttempt;

    GcHint(PressureSettings settings, Clock clock, ExplicitGc explicitGc) {
        this(settings, clock, explicitGc, YoungCollectionProvoker.NONE);
    }

    GcHint(PressureSettings settings, Clock clock, ExplicitGc explicitGc, YoungCollectionProvoker youngCollections) {
        this.enabled = settings.gcHintEnabled();
        this.cooldown = settings.gcHintCooldown();
        this.measurementEnabled = settings.liveSetMeasurementEnabled();
        this.measurementInterval = settings.liveSetMeasurementInterval();
        this.clock = clock;
        this.explicitGc = explicitGc;
        this.youngCollections = youngCollections;
    }

    /**
     * Gives the hint if enabled, allowed by the cooldown and not disabled by the JVM.
     *
     * @return the outcome, or {@code null} when the hint is not enabled
     */
    GcHintOutcome onEnteringHighPressure() {
        if (!enabled) {
            return null;
        }
        Instant now = clock.instant();
        GcHintOutcome outcome = decide(now);
        if (outcome == GcHintOutcome.REQUESTED) {
            logger.info("Memory pressure is high: requesting a garbage collection");
            explicitGc.request();
        }
        else {
            logger.debug("Memory pressure is high: GC hint not given ({})", outcome);
        }
        return outcome;
    }

    private synchronized GcHintOutcome decide(Instant now) {
        GcHintOutcome outcome;
        if (explicitGc.isDisabled()) {
            outcome = GcHintOutcome.EXPLICIT_GC_DISABLED;
            skippedExplicitGcDisabled++;
        }
        else if (lastRequest != null && Duration.between(lastRequest, now).compareTo(cooldown) < 0) {
            outcome = GcHintOutcome.SKIPPED_COOLDOWN;
            skippedByCooldown++;
        }
        else {
            outcome = GcHintOutcome.REQUESTED;
            requested++;
            lastRequest = now;
        }
        lastOutcome = outcome;
        lastAttempt = now;
        return outcome;
    }

    /**
     * Asks for a collection to measure the live set, if enabled and due: the last measuring collection and the last
     * collection memguard asked for are both at least the measurement interval old.
     *
     * @param lastMeasured when a collection last measured the live set, or {@code null} if none has
     * @return {@link GcHintOutcome#REQUESTED}, {@link GcHintOutcome#PROVOKED} (explicit collections disabled, a young
     *         collection provoked instead), {@link GcHintOutcome#EXPLICIT_GC_DISABLED} (neither possible), or
     *         {@code null} when no measurement was due
     */
    GcHintOutcome measureLiveSet(Instant lastMeasured) {
        if (!measurementEnabled) {
            return null;
        }
        Instant now = clock.instant();
        GcHintOutcome outcome = decideMeasurement(now, lastMeasured);
        if (outcome == GcHintOutcome.REQUESTED) {
            logger.debug("Memory pressure is high and the live set was not measured for {}: requesting a collection",
                    measurementInterval);
            explicitGc.request();
        }
        else if (outcome == GcHintOutcome.PROVOKED) {
            logger.debug("Memory pressure is high, the live set was not measured for {} and explicit collections are "
                    + "disabled: provoking a young collection", measurementInterval);
            youngCollections.provoke();
        }
        return outcome;
    }

    private synchronized GcHintOutcome decideMeasurement(Instant now, Instant lastMeasured) {
        if (isRecent(lastMeasured, now) || isRecent(lastRequest, now) || isRecent(lastMeasurementAttempt, now)) {
            return null;
        }
        lastMeasurementAttempt = now;
        if (explicitGc.isDisabled()) {
            if (youngCollections.isAvailable()) {
                measurementsProvoked++;
                return GcHintOutcome.PROVOKED;
            }
            measurementsSkippedExplicitGcDisabled++;
            return GcHintOutcome.EXPLICIT_GC_DISABLED;
        }
        measurements++;
        lastRequest = now;
        return GcHintOutcome.REQUESTED;
    }

    private boolean isRecent(Instant then, Instant now) {
        return then != null && Duration.between(then, now).compareTo(measurementInterval) < 0;
    }

    synchronized GcHintStatistics statistics() {
        return new GcHintStatistics(enabled, explicitGc.isDisabled(), requested, skippedByCooldown,
                skippedExplicitGcDisabled, lastOutcome, lastAttempt, measurements,
                measurementsSkippedExplicitGcDisabled, measurementsProvoked);
    }
}
