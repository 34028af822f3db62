package io.memguard.pressure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why provoke a young collection, and what it tells the level
 * ------------------------------------------------------------
 * With -XX:+DisableExplicitGC the live-set measurement cannot call System.gc(). While memguard refuses work the
 * application allocates little, so G1 may not collect at all and the level stays where the last collection left it.
 * A young collection does not measure the old generation's live set: it only empties eden into survivors and the old
 * generation (old-gen use can only grow by promotion). What it does under G1, and what the level learns from it:
 *   - it reclaims dead humongous objects eagerly, and humongous regions are counted in G1 Old Gen: the old
 *     generation's current use falls, and the heap-after-gc signal is the lower of the last measurement and that
 *     current use, so it falls with it;
 *   - when the old generation is above G1's initiating occupancy (it is, at HIGH: the threshold adapts below the
 *     usable heap), the young collection starts a concurrent mark. Its remark frees wholly dead old regions (the
 *     current use falls again), and the young collections that follow it, the next provocation included, are mixed
 *     collections that do measure the live set;
 *   - the heap signal (use, garbage included) falls at once, as eden is emptied.
 * Parallel and Serial have no such path: only their full collection lowers the old generation, so there is nothing
 * to provoke. ZGC and Shenandoah collect concurrently on their own pace and have no young pause to provoke.
 *
 * How: arrays of a quarter of a G1 region (below half a region, so they are ordinary eden objects, not humongous
 * ones that would bypass eden), each dropped as the next is made (one is kept in a field so the JIT cannot remove
 * the allocation), until the young collector's count moves, or the bytes exceed eden's capacity plus one region
 * (by then a collection should have run; if not, something else is wrong and allocating more will not help), or the
 * time budget is spent.
 */
/**
 * Provokes a young collection of G1 by allocating short-lived arrays, bounded in bytes and time.
 */
final class G1YoungCollectionProvoker implements YoungCollectionProvoker {

    private static final Logger logger = LoggerFactory.getLogger(G1YoungCollectionProvoker.class);

    /** How long one provocation may allocate at most. */
    static final Duration TIME_BUDGET = Duration.ofSeconds(1);

    private final LongSupplier youngCollections;

    private final LongSupplier byteBudget;

    private final int chunkBytes;

    private final LongSupplier nanoTicker;

    private final long timeBudgetNanos;

    private final IntFunction<Object> allocator;

    // Keeps the latest chunk reachable from the heap, so that escape analysis cannot elide the allocation.
    @SuppressWarnings("unused")
    private volatile @Nullable Object sink;

    /**
     * Creates a provoker.
     *
     * @param youngCollections the young collector's collection count
     * @param byteBudget       the most bytes one provocation may allocate, read at each provocation
     * @param chunkBytes       the size of each array
     * @param nanoTicker       a nanosecond ticker
     * @param timeBudget       how long one provocation may allocate
     * @param allocator        makes one array of the given size
     */
    G1YoungCollectionProvoker(LongSupplier youngCollections, LongSupplier byteBudget, int chunkBytes,
            LongSupplier nanoTicker, Duration timeBudget, IntFunction<Object> allocator) {
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes must be positive, was " + chunkBytes);
        }
        this.youngCollections = Objects.requireNonNull(youngCollections, "youngCollections");
        this.byteBudget = Objects.requireNonNull(byteBudget, "byteBudget");
        this.chunkBytes = chunkBytes;
        this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        this.timeBudgetNanos = Objects.requireNonNull(timeBudget, "timeBudget").toNanos();
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * The provoker for the running JVM: G1's when G1 runs and reports its region size, else
     * {@link YoungCollectionProvoker#NONE}.
     *
     * @return the provoker
     */
    static YoungCollectionProvoker forRunningJvm() {
        GarbageCollectorMXBean young = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(collector -> collector.getName().equals("G1 Young Generation")).findFirst().orElse(null);
        MemoryPoolMXBean eden = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("G1 Eden Space")).findFirst().orElse(null);
        long regionBytes = parse(VmOptions.value("G1HeapRegionSize"));
        if (young == null || eden == null || regionBytes <= 0) {
            return NONE;
        }
        return new G1YoungCollectionProvoker(young::getCollectionCount, () -> edenCapacity(eden) + regionBytes,
                (int) Math.min(Integer.MAX_VALUE - 8, regionBytes / 4), System::nanoTime, TIME_BUDGET, byte[]::new);
    }

    private static long edenCapacity(MemoryPoolMXBean eden) {
        MemoryUsage usage = eden.getUsage();
        return (usage != null) ? Math.max(0, usage.getCommitted()) : 0;
    }

    private static long parse(@Nullable String value) {
        try {
            return (value != null) ? Long.parseLong(value) : -1;
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public boolean provoke() {
        long collectionsBefore = youngCollections.getAsLong();
        long budget = byteBudget.getAsLong();
        long start = nanoTicker.getAsLong();
        long allocated = 0;
        try {
            while (allocated < budget) {
                sink = allocator.apply(chunkBytes);
                allocated += chunkBytes;
                if (youngCollections.getAsLong() != collectionsBefore) {
                    logger.debug("Provoked a young collection with {} bytes of short-lived arrays", allocated);
                    return true;
                }
                if (nanoTicker.getAsLong() - start >= timeBudgetNanos) {
                    break;
                }
            }
        }
        catch (OutOfMemoryError error) {
            // Our arrays are all garbage, let go in finally; the application's next allocation meets the same heap.
            logger.warn("Provoking a young collection ran out of heap after {} bytes", allocated);
            return youngCollections.getAsLong() != collectionsBefore;
        }
        finally {
            sink = null;
        }
        logger.debug("No young collection after {} bytes of short-lived arrays", allocated);
        return youngCollections.getAsLong() != collectionsBefore;
    }
}
