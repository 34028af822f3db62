package io.memguard.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The two global counters, alone on their cache line. Usage is allocated - released: two monotonic counters
 * instead of one usage counter cost the same atomic operations and give the allocation total for free. They
 * share one line on purpose: an allocation adds to one, a release to the other, both then in this core's cache.
 * The padding keeps the controller's read-mostly fields (limits, thresholds) off this line, so that allocations
 * do not invalidate them in other cores' caches.
 *
 * Never under-read
 * ----------------
 * A reading of usage subtracts a value of released read before allocated. Both only grow, and bytes are only
 * ever released after their allocation was added (DefaultQuotaStream releases only bytes its cells hold, and a
 * cell only holds bytes already added here). So the difference is at least the true usage at the instant
 * allocated is read: releases that land after the released value was read are left out (too high), and no
 * release can be counted whose allocation is not (too low). Reading released after allocated would subtract
 * releases of bytes allocated after that instant without their allocation, and an allocation could see room
 * that is not there. Any earlier value of released keeps the bound; an older one only makes it higher.
 *
 * Exact when no allocation raced the reading
 * ------------------------------------------
 * The bound is high by whatever was allocated between the reads of released and allocated. Between two loads that
 * is usually nothing; but a thread descheduled between them (more threads than cores) comes back to an allocated
 * total that others raised for a whole time slice, with their releases left out: readings of millions of bytes on
 * a quota holding hundreds were seen, and refused allocations far below every threshold. So a reading reads
 * allocated, released, then allocated again: if both reads of allocated agree, no allocation came between, and
 * the difference is the exact usage at the instant released was read. Otherwise it tries again, a few times at
 * most, and keeps the least difference: each is at least the usage at the instant of its own second read, which
 * is all admission needs (a reading taken after the allocation's own add).
 *
 * The allocation path does not read released itself
 * -------------------------------------------------
 * Reading the released counter just before the atomic add on the same line was the largest single cost of an
 * allocation over the floor of two atomic adds (a load of a word that the last locked instruction wrote, and
 * under contention one more transfer of the line between cores). So allocate(bytes) subtracts releasedSeen
 * instead: an earlier value of released, on a line of its own that only tryRefreshReleasedSeen() writes, which
 * stays in every core's cache. The reading it gives is high by the bytes released since that value was taken,
 * which is harmless where it is below the soft threshold (nothing to do there); above it, admission reads the
 * usage again with used() and, if that is below the soft threshold after all, raises releasedSeen, so that the
 * next allocations stay on the fast path. Used memory above the soft threshold never writes the line.
 *   - allocate(bytes) returns at least the usage right after its own add, this allocation included;
 *   - used() returns at least the usage at the instant of one of its reads of allocated.
 * Admission (DefaultQuotaController) builds its guarantee on these two bounds.
 */
abstract class GlobalCountersLeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}

abstract class GlobalCountersFields extends GlobalCountersLeftPadding {
    volatile long allocated;
    volatile long released;
}

abstract class GlobalCountersMiddlePadding extends GlobalCountersFields {
    long p11, p12, p13, p14, p15, p16, p17;
}

/* Superclasses' fields come first in an object, so each group here gets its own cache line. */
abstract class GlobalCountersSeenField extends GlobalCountersMiddlePadding {
    /* An earlier value of released: read-mostly, see "The allocation path does not read released itself". */
    volatile long releasedSeen;
}

/** Global allocated and released byte totals, padded against false sharing; usage is never under-read. */
final class GlobalCounters extends GlobalCountersSeenField {

    /** Readings of the usage tried at most, for one that no allocation raced (see "Exact when no allocation..."). */
    private static final int READ_ATTEMPTS = 4;

    private static final VarHandle ALLOCATED;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ALLOCATED = lookup.findVarHandle(GlobalCountersFields.class, "allocated", long.class);
            RELEASED = lookup.findVarHandle(GlobalCountersFields.class, "released", long.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    long p21, p22, p23, p24, p25, p26, p27;

    /**
     * Adds to the allocated total and returns the usage that results, or more: never less, and high by the bytes
     * released since {@link #tryRefreshReleasedSeen} last ran (see the class comment).
     */
    long allocate(long bytes) {
        long releasedEarlier = releasedSeen;
        return (long) ALLOCATED.getAndAdd(this, bytes) + bytes - releasedEarlier;
    }

    /**
     * Reads the usage again, exactly as {@link #used()}, and if it is at most {@code ceiling} remembers the
     * released total it read for {@link #allocate}'s next readings.
     *
     * @return the usage, or more: never less
     */
    long tryRefreshReleasedSeen(long ceiling) {
        return read(ceiling);
    }

    void release(long bytes) {
        RELEASED.getAndAdd(this, bytes);
    }

    /** The usage, or more: never less (see the class comment). */
    long used() {
        return read(Long.MIN_VALUE);
    }

    /**
     * The usage, as the class comment says, remembering the released total it subtracted when the usage is at most
     * {@code refreshCeiling}.
     */
    private long read(long refreshCeiling) {
        long least = Long.MAX_VALUE;
        long releasedOfLeast = 0;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long allocatedBefore = allocated;
            long releasedSoFar = released;
            long allocatedAfter = allocated;
            long used = allocatedAfter - releasedSoFar;
            if (used < least) {
                least = used;
                releasedOfLeast = releasedSoFar;
            }
            if (allocatedAfter == allocatedBefore) {
                break;
            }
        }
        if (least <= refreshCeiling && releasedOfLeast > releasedSeen) {
            // Racing refreshes may store an older value last: still an earlier value of released, so still sound.
            releasedSeen = releasedOfLeast;
        }
        return least;
    }

    long allocatedTotal() {
        return allocated;
    }

    long releasedTotal() {
        return released;
    }
}
