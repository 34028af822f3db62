package io.memguard.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The two global counters, alone on their cache line. Usage is allocated - released: two monotonic counters
 * instead of one usage counter cost the same atomic operations and give the allocation total for free. They
 * share one line on purpose: an allocation adds to one and then reads the other, which is then already in
 * this core's cache. The padding keeps the controller's read-mostly fields (limits, thresholds) off this
 * line, so that allocations do not invalidate them in other cores' caches.
 */
abstract class GlobalCountersLeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}

abstract class GlobalCountersFields extends GlobalCountersLeftPadding {
    volatile long allocated;
    volatile long released;
}

/** Global allocated and released byte totals, padded against false sharing. */
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

    /** Adds to the allocated total and returns the usage that results. */
    long allocate(long bytes) {
        return (long) ALLOCATED.getAndAdd(this, bytes) + bytes - released;
    }

    void release(long bytes) {
        RELEASED.getAndAdd(this, bytes);
    }

    void addAllocated(long bytes) {
        ALLOCATED.getAndAdd(this, bytes);
    }

    /** Reads released before allocated, so a concurrent release can only make the result too high, never negative. */
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
