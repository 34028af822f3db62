package io.memguard.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The two global counters, alone on their cache line. Usage is allocated - released: two monotonic counters
 * instead of one usage counter cost the same atomic operations and give the allocation total for free. They
 * share one line on purpose: an allocation reads one and adds to the other, both then in this core's cache. The
 * padding keeps the controller's read-mostly fields (limits, thresholds) off this line, so that allocations do
 * not invalidate them in other cores' caches.
 *
 * Never under-read
 * ----------------
 * Every read of usage reads released first, then allocated. Both only grow, and bytes are only ever released
 * after their allocation was added (DefaultQuotaStream releases only bytes its cells hold, and a cell only holds
 * bytes already added here). So the difference is at least the true usage at the instant allocated is read:
 * releases that land between the two reads are left out (too high), and no release can be counted whose
 * allocation is not (too low). Reading released after allocated would subtract releases of bytes allocated
 * after that instant without their allocation, and an allocation could see room that is not there. So:
 *   - allocate(bytes) returns at least the usage right after its own add, this allocation included;
 *   - used() returns at least the usage at the instant it reads allocated.
 * Admission (DefaultQuotaController) builds its guarantee on these two bounds.
 */
abstract class GlobalCountersLeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}

abstract class GlobalCountersFields extends GlobalCountersLeftPadding {
    volatile long allocated;
    volatile long released;
}

/** Global allocated and released byte totals, padded against false sharing; usage is never under-read. */
final class GlobalCounters extends GlobalCountersFields {

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

    long p11, p12, p13, p14, p15, p16, p17;

    /** Adds to the allocated total and returns the usage that results, or more: never less. */
    long allocate(long bytes) {
        long releasedSoFar = released;
        return (long) ALLOCATED.getAndAdd(this, bytes) + bytes - releasedSoFar;
    }

    void release(long bytes) {
        RELEASED.getAndAdd(this, bytes);
    }

    /** The usage, or more: never less (see the class comment). */
    long used() {
        long releasedSoFar = released;
        return allocated - releasedSoFar;
    }

    long allocatedTotal() {
        return allocated;
    }

    long releasedTotal() {
        return released;
    }
}
