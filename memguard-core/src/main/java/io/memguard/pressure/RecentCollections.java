package io.memguard.pressure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * The collections of a sliding window, as GC notifications reported them, timed on the monitor's clock: the share of
 * wall time the application was paused for the collector, the full collections, and when the live set was last
 * measured.
 *
 * <p>Explicit collections ({@code System.gc()}, memguard's own measurements among them) are left out of the pause
 * share and the full-collection count: they are asked for, not forced on the application by a heap running out.
 * They still measure the live set. Thread-safe: notifications arrive on a JMX thread, summaries are read by the
 * refreshing thread.
 */
final class RecentCollections {

    private final Duration window;

    private final Deque<Entry> entries = new ArrayDeque<>();

    private @Nullable Instant lastMeasurement;

    private @Nullable Instant lastCollection;

    // Whether the latest collection measured the live set, so that the long-lived pools after it hold the live set.
    private boolean lastCollectionMeasured;

    RecentCollections(Duration window) {
        this.window = window;
    }

    synchronized void record(GarbageCollection collection, Instant at) {
        if (collection.kind().measuresLiveSet() && (lastMeasurement == null || at.isAfter(lastMeasurement))) {
            lastMeasurement = at;
        }
        if (lastCollection == null || !at.isBefore(lastCollection)) {
            lastCollection = at;
            lastCollectionMeasured = collection.kind().measuresLiveSet();
        }
        if (!collection.explicit()) {
            entries.addLast(new Entry(at, collection));
        }
        prune(at);
    }

    /**
     * The window ending now.
     *
     * @param now the monitor's clock
     * @return the pause share and full collections of the window, and the last measurement
     */
    synchronized Summary summarize(Instant now) {
        prune(now);
        long pauseNanos = 0;
        int fullCollections = 0;
        for (Entry entry : entries) {
            pauseNanos += entry.collection().pause().toNanos();
            if (entry.collection().kind() == GarbageCollection.Kind.FULL) {
                fullCollections++;
            }
        }
        double share = Math.min(1.0, (double) pauseNanos / window.toNanos());
        return new Summary(share, fullCollections, lastMeasurement, lastCollection == null || lastCollectionMeasured);
    }

    private void prune(Instant now) {
        Instant start = now.minus(window);
        while (!entries.isEmpty() && !entries.peekFirst().at().isAfter(start)) {
            entries.removeFirst();
        }
    }

    private record Entry(Instant at, GarbageCollection collection) {
    }

    /**
     * One window.
     *
     * @param pauseShare      share of the window's wall time spent in collection pauses, in [0..1]
     * @param fullCollections full collections the heap forced in the window (explicit ones not counted)
     * @param lastMeasurement when a collection last measured the live set, or {@code null} before the first
     * @param liveSetMeasured whether the latest collection measured the live set (or none was seen): the long-lived
     *                        pools after a young collection also hold what it promoted, work in flight among it
     */
    record Summary(double pauseShare, int fullCollections, @Nullable Instant lastMeasurement,
            boolean liveSetMeasured) {
    }
}
