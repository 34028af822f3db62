package io.memguard.pressure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The collector's CPU time over a sliding window, from the cumulative totals that successive readings report
 * ({@code MemoryMXBean.getTotalGcCpuTime()} on JDK 26 and later), as a share of the CPU time the JVM had: the window's
 * wall time times the processors available to it.
 *
 * <p>The readings of the window are kept, with the last one at or before its start as the baseline; the difference
 * from the baseline is divided by the span it covers (the window and at most one reading interval more). Until the
 * JVM has run for a whole window, the CPU time of the part seen is still divided by the whole window, as the pause
 * share is: an estimate that can only be low, never a false alarm from a short span. Readings are timed on the
 * monitor's nanosecond ticker, compared by their difference only. Guarded by the monitor's refresh lock.
 */
final class RecentGcCpuTime {

    private final long windowNanos;

    private final Deque<Sample> samples = new ArrayDeque<>();

    RecentGcCpuTime(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * Records a reading and returns the share of the window ending at {@code at}.
     *
     * @param at         the ticker's reading, in nanoseconds
     * @param total      the collector's CPU time since the JVM started
     * @param processors the processors available to the JVM
     * @return the share in [0..1]
     */
    double record(long at, Duration total, int processors) {
        Sample last = samples.peekLast();
        if (last != null && (total.compareTo(last.total()) < 0 || at - last.at() < 0)) {
            // A total that went back (not expected of the JVM) or a ticker that did: start the window again.
            samples.clear();
        }
        samples.addLast(new Sample(at, total));
        // Drop samples while the next one is still at or before the window's start: it is then a better baseline.
        while (samples.size() > 1) {
            Sample baseline = samples.removeFirst();
            if (at - samples.peekFirst().at() < windowNanos) {
                samples.addFirst(baseline);
                break;
            }
        }
        Sample baseline = samples.peekFirst();
        long usedNanos = total.minus(baseline.total()).toNanos();
        // The baseline may lie up to one reading before the window's start: divide by the span really covered.
        long spanNanos = Math.max(windowNanos, at - baseline.at());
        double capacityNanos = (double) spanNanos * Math.max(1, processors);
        return Math.min(1.0, usedNanos / capacityNanos);
    }

    private record Sample(long at, Duration total) {
    }
}
