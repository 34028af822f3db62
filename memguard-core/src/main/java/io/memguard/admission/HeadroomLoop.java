package io.memguard.admission;

/*
 * The feedback loop behind the admission limit: additive increase, multiplicative decrease (AIMD, as TCP and
 * latency-based limiters do), steered by memory headroom instead of loss or latency.
 *
 * Each observation brings the driving ratio (the fuller of heap-after-GC and container working set) at a time from
 * the injected ticker. The loop keeps a smoothed slope of that ratio (an exponentially weighted average of the
 * per-second change between observations) and projects the ratio one horizon ahead, rising slopes only: a falling
 * ratio never earns growth it has not yet shown.
 *
 *   - Cut: the ratio, or its projection, is at or above the target. The work in flight (or the limit, if that is
 *     lower) is multiplied by the decrease factor, at most once per cooldown: a collection is followed by a burst of
 *     observations that all see the same heap-after-GC, and one overshoot must not cut the limit five times. The cut
 *     starts from what is in flight, as TCP's congestion control halves the data in flight rather than a window the
 *     sender never filled (RFC 5681, section 3.1): a limit far above the work that filled the heap would take
 *     several cooldowns of cuts before it held anything back, and the heap would run out meanwhile. With nothing in
 *     flight the cut starts from the limit: no admitted work filled memory then, and the executors that follow this
 *     limit (AdaptiveConcurrencyLimiter) shrink step by step, as their work is not counted here.
 *   - Grow: the ratio and its projection are both below the target minus the hysteresis band, AND the limit is in
 *     use (the controller decides: somebody waited or was refused, or the work reaches half the limit, or nothing
 *     runs at all). The limit grows in proportion to elapsed time, not per observation, so that a collector that
 *     runs ten times a second does not grow it ten times faster. A limit that work runs under without reaching does
 *     not grow, so it cannot drift to a height that would let a sudden flood in all at once.
 *   - Hold: in the band between the two. The band is what keeps a steady load steady: growth stops before the
 *     target, below the point where a cut would start.
 *
 * The limit never leaves [min, max]. The loop is not thread-safe; the controller feeds it from one thread at a time.
 */
final class HeadroomLoop {

    private final double target;

    private final double hysteresis;

    private final long horizonNanos;

    private final double decreaseFactor;

    private final double increasePerSecond;

    private final long cooldownNanos;

    private final long min;

    private final long max;

    private long limit;

    private boolean observed;

    private double lastRatio;

    private long lastNanos;

    private double slopePerSecond;

    private long lastCutNanos;

    private boolean cutOnce;

    HeadroomLoop(AdmissionController.Builder settings, long min, long max) {
        this.target = settings.target;
        this.hysteresis = settings.hysteresis;
        this.horizonNanos = settings.horizon.toNanos();
        this.decreaseFactor = settings.decreaseFactor;
        this.increasePerSecond = settings.increasePerSecond;
        this.cooldownNanos = settings.cutCooldown.toNanos();
        this.min = min;
        this.max = max;
        this.limit = max;
    }

    /**
     * Takes one observation and returns the limit after it.
     *
     * @param nanos   when, from the controller's ticker
     * @param ratio   the driving ratio in [0..1]
     * @param binding whether the limit is in use: it made a request wait or refused one since the last observation,
     *                or the work in flight reaches a good part of it, or nothing runs (an idle limit returns to the
     *                maximum it started from)
     * @param inFlight the weight of the work in flight now, which a cut starts from when it is above zero and below
     *                 the limit
     * @return the new limit
     */
    long observe(long nanos, double ratio, boolean binding, long inFlight) {
        if (!observed) {
            observed = true;
            lastRatio = ratio;
            lastNanos = nanos;
            return decide(nanos, ratio, ratio, binding, inFlight, 0);
        }
        long elapsed = nanos - lastNanos;
        if (elapsed <= 0) {
            // Two observations at the same instant: the level, not the slope, still counts.
            return decide(nanos, ratio, ratio + Math.max(0, slopePerSecond) * horizonNanos / 1e9, binding, inFlight,
                    0);
        }
        double instant = (ratio - lastRatio) * 1e9 / elapsed;
        slopePerSecond += SLOPE_WEIGHT * (instant - slopePerSecond);
        lastRatio = ratio;
        lastNanos = nanos;
        double projected = ratio + Math.max(0, slopePerSecond) * horizonNanos / 1e9;
        return decide(nanos, ratio, projected, binding, inFlight, elapsed);
    }

    /** The weight of the newest per-second change in the smoothed slope. */
    private static final double SLOPE_WEIGHT = 0.5;

    private long decide(long nanos, double ratio, double projected, boolean binding, long inFlight, long elapsed) {
        if (ratio >= target || projected >= target) {
            if (!cutOnce || nanos - lastCutNanos >= cooldownNanos) {
                long base = (inFlight > 0) ? Math.min(limit, inFlight) : limit;
                limit = Math.max(min, Math.round(base * decreaseFactor));
                lastCutNanos = nanos;
                cutOnce = true;
            }
        }
        else if (binding && ratio < target - hysteresis && projected < target - hysteresis && elapsed > 0) {
            long step = (long) (max * increasePerSecond * elapsed / 1e9);
            limit = Math.min(max, limit + Math.max(1, step));
        }
        return limit;
    }

    long limit() {
        return limit;
    }

    double slopePerSecond() {
        return slopePerSecond;
    }

    double projected() {
        return lastRatio + Math.max(0, slopePerSecond) * horizonNanos / 1e9;
    }
}
