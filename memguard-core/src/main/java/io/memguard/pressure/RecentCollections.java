package io.memguard.pressure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * The collections of a sliding window, as GC notifications reported them, timed on the monitor's nanosecond ticker
 * when each notification arrived: the share of wall time the application was paused for the collector, the full
 * collections, and how long ago the live set was last measured.
 *
 * <p>Explicit collections ({@code System.gc()}, memguard's own measurements among them) are left out of the pause
 * share and the full-collection count: they are asked for, not forced on the application by a heap running out.
 * They still measure the live set. Ticker readings are compared by their difference only, as
 * {@link System#nanoTime()} requires. Thread-safe: notifications arrive on a JMX thread, summaries are read by the
 * refreshing thread.
 */
final class RecentCollections {

    private final long windowNanos;

    private final Deque<Entry> entries = new ArrayDeque<>();

    private boolean measured;

    // Meaningful once measured.
    private long lastMeasurement;

    // The kind of the latest collection, null before the first: whether it measured the live set, and whether it
    // collected the whole heap, says what the long-lived pools after it hold.
    private GarbageCollection.@Nullable Kind lastCollectionKind;

    // Meaningful once lastCollectionKind is set.
    private long lastCollection;

    RecentCollections(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /**
     * Records a collection.
     *
     * @param collection the collection
     * @param at         the ticker's reading when it was reported, in nanoseconds
     */
    synchronized void record(GarbageCollection collection, long at) {
        if (collection.kind().measuresLiveSet() && (!measured || at - lastMeasurement > 0)) {
            measured = true;
            lastMeasurement = at;
        }
        if (lastCollectionKind == null || at - lastCollection >= 0) {
            lastCollectionKind = collection.kind();
            lastCollection = at;
        }
        if (!collection.explicit()) {
            entries.addLast(new Entry(at, collection));
        }
        prune(at);
    }

    /**
     * The window ending now.
     *
     * @param now the ticker's reading, in nanoseconds
     * @return the pause share and full collections of the window, and the time since the last measurement
     */
    synchronized Summary summarize(long now) {
        prune(now);
        long pauseNanos = 0;
        int fullCollections = 0;
        for (Entry entry : entries) {
            pauseNanos += entry.collection().pause().toNanos();
            if (entry.collection().kind() == GarbageCollection.Kind.FULL) {
                fullCollections++;
            }
        }
        double share = Math.min(1.0, (double) pauseNanos / windowNanos);
        Duration sinceMeasurement = measured ? Duration.ofNanos(Math.max(0, now - lastMeasurement)) : null;
        GarbageCollection.Kind latest = lastCollectionKind;
        return new Summary(share, fullCollections, sinceMeasurement, latest == null || latest.measuresLiveSet(),
                latest != null && latest.collectsWholeHeap());
    }

    private void prune(long now) {
        while (!entries.isEmpty() && now - entries.peekFirst().at() >= windowNanos) {
            entries.removeFirst();
        }
    }

    private record Entry(long at, GarbageCollection collection) {
    }

    /**
     * One window.
     *
     * @param pauseShare       share of the window's wall time spent in collection pauses, in [0..1]
     * @param fullCollections  full collections the heap forced in the window (explicit ones not counted)
     * @param sinceMeasurement how long ago a collection last measured the live set, or {@code null} before the first
     * @param liveSetMeasured  whether the latest collection measured the live set (or none was seen): the long-lived
     *                         pools after a young collection also hold what it promoted, work in flight among it
     * @param wholeHeapCollected whether the latest collection collected the whole heap
     *                         ({@link GarbageCollection.Kind#collectsWholeHeap()}); then it is also the last
     *                         measurement, {@code sinceMeasurement} ago
     */
    record Summary(double pauseShare, int fullCollections, @Nullable Duration sinceMeasurement,
            boolean liveSetMeasured, boolean wholeHeapCollected) {
    }
}
