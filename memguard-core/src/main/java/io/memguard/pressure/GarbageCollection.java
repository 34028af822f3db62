package io.memguard.pressure;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One collection as a GC notification reports it, classified by what it says about the heap.
 *
 * @param collector the collector bean that reported it, such as {@code G1 Young Generation}
 * @param action    the notification's action, such as {@code end of major GC}
 * @param cause     the notification's cause, such as {@code G1 Evacuation Pause} or {@code System.gc()}
 * @param kind      what kind of collection it was
 * @param pause     how long the application was stopped ({@link Duration#ZERO} for a concurrent cycle, whose pauses
 *                  are reported on their own)
 */
record GarbageCollection(String collector, String action, String cause, Kind kind, Duration pause) {

    private static final String EXPLICIT_CAUSE = "System.gc()";

    GarbageCollection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pause, "pause");
    }

    /**
     * Classifies a collection from its notification.
     *
     * @param collector        the collector bean's name
     * @param action           the notification's action
     * @param cause            the notification's cause
     * @param durationMillis   the collection's duration
     * @param longLivedBefore  bytes in the long-lived pools before it
     * @param longLivedAfter   bytes in the long-lived pools after it
     * @return the classified collection
     */
    static GarbageCollection of(String collector, String action, String cause, long durationMillis,
            long longLivedBefore, long longLivedAfter) {
        String name = collector.toLowerCase(Locale.ROOT);
        String what = action.toLowerCase(Locale.ROOT);
        Kind kind;
        if (name.endsWith("cycles")) {
            // ZGC and Shenandoah: a whole concurrent cycle; its pauses come from the "Pauses" bean.
            kind = name.contains("minor") ? Kind.YOUNG : Kind.CONCURRENT_CYCLE_END;
        }
        else if (what.contains("major") || what.equals("full gc")) {
            kind = Kind.FULL;
        }
        else if (name.endsWith("pauses") || name.endsWith("concurrent gc")) {
            // G1's remark and cleanup (JDK 20+) are pauses that do not measure: the old generation after them still
            // holds what marking found dead, until the mixed collections that follow reclaim it.
            kind = Kind.PAUSE;
        }
        else if (longLivedAfter < longLivedBefore) {
            // A young-bean collection that shrank the old generation collected old regions: G1's mixed collection.
            kind = Kind.MIXED;
        }
        else {
            kind = Kind.YOUNG;
        }
        Duration pause = (name.endsWith("cycles")) ? Duration.ZERO : Duration.ofMillis(Math.max(0, durationMillis));
        return new GarbageCollection(collector, action, cause, kind, pause);
    }

    /**
     * Whether the application asked for it ({@code System.gc()}, memguard's own measurements included).
     *
     * @return {@code true} for an explicit collection
     */
    boolean explicit() {
        return EXPLICIT_CAUSE.equals(cause);
    }

    /**
     * What a collection says about the heap.
     */
    enum Kind {

        /** A young collection: the old generation after it holds garbage promoted since the last measurement. */
        YOUNG(false, false),

        /** A young collection that also collected old regions (G1's mixed collections). */
        MIXED(true, false),

        /** A full, stop-the-world collection of the whole heap. */
        FULL(true, true),

        /** The end of a ZGC or Shenandoah cycle, which has reclaimed what it found dead. */
        CONCURRENT_CYCLE_END(true, true),

        /** A pause of a concurrent collector reported apart from its cycle, or G1's remark or cleanup. */
        PAUSE(false, false);

        private final boolean measuresLiveSet;

        private final boolean collectsWholeHeap;

        Kind(boolean measuresLiveSet, boolean collectsWholeHeap) {
            this.measuresLiveSet = measuresLiveSet;
            this.collectsWholeHeap = collectsWholeHeap;
        }

        /**
         * Whether this kind of collection reclaims what is dead in the whole heap, so that the long-lived pools after
         * it hold the live set and nothing else: a mixed collection measures too, but leaves the garbage of the old
         * regions it did not take, more or less of it from one to the next.
         *
         * @return {@code true} for a full collection or the end of a whole concurrent cycle
         */
        boolean collectsWholeHeap() {
            return collectsWholeHeap;
        }

        /**
         * Whether the long-lived pools right after this kind of collection hold the live set, not garbage promoted
         * since.
         *
         * @return {@code true} for a measuring collection
         */
        boolean measuresLiveSet() {
            return measuresLiveSet;
        }
    }
}
