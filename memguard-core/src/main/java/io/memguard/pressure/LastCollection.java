package io.memguard.pressure;

import org.jspecify.annotations.Nullable;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

/**
 * The most recent collection of one collector, as {@link GarbageCollectorMXBean#getLastGcInfo()} describes it, asked
 * of the JVM again only once the collector has collected since.
 *
 * <p>{@code getLastGcInfo()} builds a new {@link GcInfo} at each call, with the use of every memory pool before and
 * after the collection (a few microseconds and kilobytes each), while a calm poll usually finds no new collection. A
 * {@link GcInfo}'s {@linkplain GcInfo#getId() id} is the collector's collection count once that collection ended, so
 * a cached one is current while the count still equals its id. The JVM counts a collection just before it publishes
 * its information: a fetch in between returns the previous collection, whose id no longer matches the count, and the
 * next read fetches again. Where the count is undefined (-1), every read fetches.
 */
final class LastCollection {

    private final GarbageCollectorMXBean collector;

    /** Immutable once fetched; a race between two readers only fetches twice. */
    private volatile @Nullable GcInfo last;

    LastCollection(GarbageCollectorMXBean collector) {
        this.collector = collector;
    }

    /**
     * The collector's most recent collection.
     *
     * @return its information, or {@code null} before its first collection or where the JVM gives none
     */
    @Nullable GcInfo read() {
        long count = collector.getCollectionCount();
        GcInfo cached = last;
        boolean current = (cached != null) ? cached.getId() == count : count == 0;
        if (!current) {
            cached = collector.getLastGcInfo();
            last = cached;
        }
        return cached;
    }

    /** @return the collector this reads */
    GarbageCollectorMXBean collector() {
        return collector;
    }
}
