package io.memguard.pressure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional GC hint given on entering HIGH or CRITICAL: at most one {@code System.gc()} per cooldown, on the
 * injected clock, and none at all (reported as such) where the JVM disables explicit collections.
 */
final class GcHint {

    private static final Logger logger = LoggerFactory.getLogger(GcHint.class);

    private final boolean enabled;

    private final Duration cooldown;

    private final Clock clock;

    private final ExplicitGc explicitGc;

    private long requested;

    private long skippedByCooldown;

    private long skippedExplicitGcDisabled;

    private GcHintOutcome lastOutcome;

    private Instant lastAttempt;

    private Instant lastRequest;

    GcHint(PressureSettings settings, Clock clock, ExplicitGc explicitGc) {
        this.enabled = settings.gcHintEnabled();
        this.cooldown = settings.gcHintCooldown();
        this.clock = clock;
        this.explicitGc = explicitGc;
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

    synchronized GcHintStatistics statistics() {
        return new GcHintStatistics(enabled, explicitGc.isDisabled(), requested, skippedByCooldown,
                skippedExplicitGcDisabled, lastOutcome, lastAttempt);
    }
}
