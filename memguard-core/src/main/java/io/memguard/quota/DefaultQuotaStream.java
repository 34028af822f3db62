package io.memguard.quota;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/*
 * One stream's accounting: one counter ("cell") per component in a long[], changed through a VarHandle. The
 * stream's usage is the sum of its cells. The stream holds counters only: whether an allocation is admitted
 * (stream limit, global thresholds, eviction, rejection) is decided by DefaultQuotaController.allocate, in one
 * pass, using gate(), tryAdd() and takeOut() here.
 *
 * A cell only ever holds admitted bytes
 * -------------------------------------
 * The controller adds an allocation's bytes to the global counters first (or refuses), then asks tryAdd() to
 * add them to the stream only if they fit under its limit: a CAS from what it read to that plus the bytes,
 * retried on contention, never an add that is backed out later. So no cell ever holds bytes of an allocation
 * that is then refused, and a release, which takes bytes out of a cell with a CAS that refuses to go below
 * zero (takeOut()), can take only bytes that were admitted: releasing more than held is refused and changes
 * nothing, whatever runs at the same time.
 *
 * The limit is checked against one counter, the "gate". With one component the gate is the cell itself: one
 * CAS. With several, the gate is a separate total, CAS'd under the limit first; the component's cell is added
 * to after. A release takes bytes out of the cell first, then out of the gate, so the gate is never below the
 * sum of the cells and the limit is never passed; the price is that with several components an allocation may
 * be refused while a release that makes room for it is under way.
 *
 * Closing races with allocations without a lock. close() swaps the gate and every cell for CLOSED_CELL, a huge negative
 * value, and releases what the cells held from the global counters. An allocation that finds the gate closed fails, and
 * the controller gives its bytes back to the global counters. With several components, an allocation that passed the
 * gate before the swap and adds to its cell after it finds the cell closed, takes its bytes back out of the cell, and
 * the controller gives them back to the global counters: close() did not see them. Bytes that were in a cell when it
 * was swapped were released by close(); releases into a swapped cell do nothing. So every byte that ever entered a cell
 * leaves the global counters exactly once.
 *
 * The stream's memory with no entries: this object (the first cell is a field of it; further components add one
 * long[]) and its registry node; the entry set is created with the first entry.
 */
/** A stream of a {@link DefaultQuotaController}. */
final class DefaultQuotaStream implements QuotaStream {

    static final long CLOSED_CELL = Long.MIN_VALUE / 2;
    private static final long CLOSED_FLOOR = CLOSED_CELL / 2;

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long[] NO_MORE_CELLS = new long[0];
    private static final VarHandle FIRST_CELL;
    private static final VarHandle GATE;
    private static final VarHandle ENTRY_BYTES;
    private static final VarHandle EVICTED_ENTRIES;
    private static final VarHandle EVICTED_BYTES;
    private static final VarHandle CLOSED;
    private static final VarHandle ENTRIES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FIRST_CELL = lookup.findVarHandle(DefaultQuotaStream.class, "firstCell", long.class);
            GATE = lookup.findVarHandle(DefaultQuotaStream.class, "gate", long.class);
            ENTRY_BYTES = lookup.findVarHandle(DefaultQuotaStream.class, "entryBytes", long.class);
            EVICTED_ENTRIES = lookup.findVarHandle(DefaultQuotaStream.class, "evictedEntries", long.class);
            EVICTED_BYTES = lookup.findVarHandle(DefaultQuotaStream.class, "evictedBytes", long.class);
            CLOSED = lookup.findVarHandle(DefaultQuotaStream.class, "closed", boolean.class);
            ENTRIES = lookup.findVarHandle(DefaultQuotaStream.class, "entries", Set.class);
        }
        catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final DefaultQuotaController controller;
    private final String id;
    private final long limitBytes;
    private final long evictionHeadroomBytes;
    /* Component 0 lives in this object, so that the common one-component stream is one object, one cache line. */
    private volatile long firstCell;
    private final long[] moreCells;
    /* With several components, the limit's counter: the cells' sum plus allocations under way. Unused with one. */
    private volatile long gate;
    private final int cellCount;
    private final @Nullable TokenBucket rateLimiter;
    private volatile @Nullable Set<DefaultQuotaEntry> entries;
    private volatile long entryBytes;
    private volatile long evictedEntries;
    private volatile long evictedBytes;
    private volatile boolean closed;

    /* Leak tracking: read and written only by maintenance, which runs one at a time. */
    private boolean aboveLeakThreshold;
    private long aboveLeakThresholdSince;
    private boolean leakReported;

    DefaultQuotaStream(DefaultQuotaController controller, String id, long limitBytes, int components,
            @Nullable TokenBucket rateLimiter) {
        this.controller = controller;
        this.id = id;
        this.limitBytes = limitBytes;
        this.evictionHeadroomBytes = controller.configuration().evictionHeadroomBytes(limitBytes);
        this.cellCount = components;
        this.moreCells = components == 1 ? NO_MORE_CELLS : new long[components - 1];
        this.rateLimiter = rateLimiter;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public long usedBytes() {
        long used = sumOfCells();
        return used < 0 ? 0 : used;
    }

    @Override
    public long usedBytes(String component) {
        long used = cell(controller.componentIndex(component));
        return used < 0 ? 0 : used;
    }

    @Override
    public QuotaStreamSnapshot snapshot() {
        Map<String, Long> components = new LinkedHashMap<>();
        long used = 0;
        for (int i = 0; i < cellCount; i++) {
            long held = Math.max(0, cell(i));
            components.put(controller.componentName(i), held);
            used += held;
        }
        Set<DefaultQuotaEntry> held = entries;
        return new QuotaStreamSnapshot(id, used, limitBytes, components, held == null ? 0 : held.size(),
                Math.max(0, entryBytes), evictedEntries, evictedBytes);
    }

    @Override
    public boolean wouldExceed(long bytes) {
        requireNotNegative(bytes);
        return usedBytes() + bytes > limitBytes || controller.wouldExceedCritical(bytes);
    }

    @Override
    public void allocate(String component, long bytes) {
        allocate(controller.componentIndex(component), bytes);
    }

    @Override
    public void allocate(QuotaController.Component component, long bytes) {
        allocate(controller.componentIndex(component), bytes);
    }

    void allocate(int component, long bytes) {
        if (bytes <= 0) {
            requireNotNegative(bytes);
            return;
        }
        controller.allocate(this, component, bytes);
    }

    /**
     * Adds globally admitted bytes to the gate if they fit under the limit, then to the component's cell.
     *
     * @param expected the gate's value as last read ({@link #gate()}): the first compare-and-set is tried from it,
     *                 and each failed one goes on from the value it found, so that the loop reads the contended gate
     *                 only through its compare-and-sets
     * @return false if they do not fit, having changed nothing
     * @throws IllegalStateException if the stream is closed, having left no trace in the stream
     */
    boolean tryAdd(int component, long bytes, long expected) {
        long held = expected;
        for (;;) {
            if (held < CLOSED_FLOOR) {
                throw closedException();
            }
            if (bytes > limitBytes - held) {
                return false;
            }
            long found = compareAndExchangeGate(held, held + bytes);
            if (found == held) {
                break;
            }
            held = found;
        }
        if (cellCount > 1 && getAndAddCell(component, bytes) < CLOSED_FLOOR) {
            // close() swapped the cells after this allocation passed the gate, so it did not release these bytes
            getAndAddCell(component, -bytes);
            throw closedException();
        }
        return true;
    }

    @Override
    public void release(String component, long bytes) {
        release(controller.componentIndex(component), bytes);
    }

    @Override
    public void release(QuotaController.Component component, long bytes) {
        release(controller.componentIndex(component), bytes);
    }

    void release(int component, long bytes) {
        if (bytes <= 0) {
            requireNotNegative(bytes);
            return;
        }
        controller.release(this, component, bytes);
    }

    /**
     * Takes released bytes out of the component's cell, then out of the gate; never below zero.
     *
     * @return false if the stream is closed (close() gave its bytes back already), having changed nothing
     * @throws IllegalArgumentException if the cell holds fewer bytes, having changed nothing
     */
    boolean takeOut(int component, long bytes) {
        long held = cell(component);
        for (;;) {
            if (held < CLOSED_FLOOR) {
                return false;
            }
            if (held < bytes) {
                throw new IllegalArgumentException("cannot release " + bytes + " bytes of component '"
                        + controller.componentName(component) + "' of stream '" + id + "': it holds only " + held);
            }
            long found = compareAndExchangeCell(component, held, held - bytes);
            if (found == held) {
                break;
            }
            held = found;
        }
        if (cellCount > 1) {
            GATE.getAndAdd(this, -bytes);
        }
        return true;
    }

    @Override
    public QuotaStream.Reservation reserve(String component, long bytes) {
        int index = controller.componentIndex(component);
        allocate(index, bytes);
        return new StreamReservation(this, index, bytes);
    }

    @Override
    public QuotaEntry admit(Object key, String component, long sizeBytes, int priority,
            BiConsumer<? super QuotaEntry, ? super EvictionReason> onEvict) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(onEvict, "onEvict");
        int index = controller.componentIndex(component);
        allocate(index, sizeBytes);
        DefaultQuotaEntry entry = new DefaultQuotaEntry(this, key, index, sizeBytes, priority, now(), onEvict);
        ENTRY_BYTES.getAndAdd(this, sizeBytes);
        entrySet().add(entry);
        if (closed) {
            controller.evictLate(entry);
        }
        return entry;
    }

    /** Takes a released or evicted entry out of the stream and gives its bytes back. */
    void detach(DefaultQuotaEntry entry) {
        entrySet().remove(entry);
        ENTRY_BYTES.getAndAdd(this, -entry.sizeBytes());
        release(entry.componentIndex(), entry.sizeBytes());
    }

    void countEviction(long bytes) {
        EVICTED_ENTRIES.getAndAdd(this, 1L);
        EVICTED_BYTES.getAndAdd(this, bytes);
    }

    @Nullable Set<DefaultQuotaEntry> entriesOrNull() {
        return entries;
    }

    @SuppressWarnings("unchecked")
    private Set<DefaultQuotaEntry> entrySet() {
        Set<DefaultQuotaEntry> set = entries;
        if (set == null) {
            Set<DefaultQuotaEntry> created = ConcurrentHashMap.newKeySet();
            Set<DefaultQuotaEntry> witness = (Set<DefaultQuotaEntry>) ENTRIES.compareAndExchange(this, null, created);
            set = (witness == null) ? created : witness;
        }
        return set;
    }

    @Override
    public boolean tryAcquire(long bytes) {
        return reserveRate(bytes, 0) >= 0;
    }

    @Override
    public boolean acquire(long bytes, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        long wait = reserveRate(bytes, timeout.toNanos());
        if (wait <= 0) {
            return wait == 0;
        }
        try {
            controller.sleep(wait);
            return true;
        }
        catch (InterruptedException ex) {
            refundRate(bytes);
            throw ex;
        }
    }

    /** Books bytes in the stream's and the global bucket: the wait, or -1 (nothing booked) if longer than allowed. */
    private long reserveRate(long bytes, long maxWaitNanos) {
        requireNotNegative(bytes);
        long streamWait = 0;
        if (rateLimiter != null) {
            streamWait = rateLimiter.reserve(bytes, maxWaitNanos);
            if (streamWait < 0) {
                controller.recordThrottled();
                return -1;
            }
        }
        long globalWait = controller.reserveGlobalRate(bytes, maxWaitNanos);
        if (globalWait < 0) {
            if (rateLimiter != null) {
                rateLimiter.refund(bytes);
            }
            controller.recordThrottled();
            return -1;
        }
        return Math.max(streamWait, globalWait);
    }

    private void refundRate(long bytes) {
        if (rateLimiter != null) {
            rateLimiter.refund(bytes);
        }
        controller.refundGlobalRate(bytes);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        controller.closing(this);
        if (cellCount > 1) {
            GATE.getAndSet(this, CLOSED_CELL);
        }
        long total = 0;
        Map<String, Long> components = new LinkedHashMap<>();
        for (int i = 0; i < cellCount; i++) {
            long held = getAndSetCell(i, CLOSED_CELL);
            components.put(controller.componentName(i), held);
            total += held;
        }
        if (total > 0) {
            controller.global().release(total);
        }
        long leaked = total - Math.max(0, entryBytes);
        if (leaked > 0) {
            controller.reportLeak(new SuspectedLeak(id, SuspectedLeak.Kind.CLOSED_WITH_BYTES, leaked, components,
                    Duration.ZERO));
        }
    }

    /**
     * One leak check, at maintenance time: bytes outside entries above the threshold since longer than the
     * window are reported once, until the stream falls back under the threshold.
     *
     * @return the leak to report, or {@code null}
     */
    @Nullable SuspectedLeak checkLeak(long now, long thresholdBytes, long windowNanos) {
        long unmanaged = usedBytes() - Math.max(0, entryBytes);
        if (closed || unmanaged <= thresholdBytes) {
            aboveLeakThreshold = false;
            leakReported = false;
            return null;
        }
        if (!aboveLeakThreshold) {
            aboveLeakThreshold = true;
            aboveLeakThresholdSince = now;
            return null;
        }
        long heldFor = now - aboveLeakThresholdSince;
        if (leakReported || heldFor < windowNanos) {
            return null;
        }
        leakReported = true;
        return new SuspectedLeak(id, SuspectedLeak.Kind.HELD_TOO_LONG, unmanaged, snapshot().components(),
                Duration.ofNanos(heldFor));
    }

    long evictionHeadroomBytes() {
        return evictionHeadroomBytes;
    }

    long now() {
        return controller.now();
    }

    String componentName(int component) {
        return controller.componentName(component);
    }

    /** The sum of the cells, or CLOSED_CELL as soon as one cell is closed (adding closed cells would overflow). */
    private long sumOfCells() {
        long sum = 0;
        for (int i = 0; i < cellCount; i++) {
            long held = cell(i);
            if (held < CLOSED_FLOOR) {
                return CLOSED_CELL;
            }
            sum += held;
        }
        return sum;
    }

    /** The gate's value (what the limit is checked against), or an exception if the stream is closed. */
    long gate() {
        long held = gateValue();
        if (held < CLOSED_FLOOR) {
            throw closedException();
        }
        return held;
    }

    private long gateValue() {
        return cellCount == 1 ? firstCell : gate;
    }

    /** Sets the gate if it is {@code expected}; returns what it was (the witness), {@code expected} on success. */
    private long compareAndExchangeGate(long expected, long value) {
        return cellCount == 1 ? (long) FIRST_CELL.compareAndExchange(this, expected, value)
                : (long) GATE.compareAndExchange(this, expected, value);
    }

    private long cell(int component) {
        return component == 0 ? firstCell : (long) CELLS.getVolatile(moreCells, component - 1);
    }

    private long getAndAddCell(int component, long delta) {
        return component == 0 ? (long) FIRST_CELL.getAndAdd(this, delta)
                : (long) CELLS.getAndAdd(moreCells, component - 1, delta);
    }

    /** Sets the cell if it is {@code expected}; returns what it was (the witness), {@code expected} on success. */
    private long compareAndExchangeCell(int component, long expected, long value) {
        return component == 0 ? (long) FIRST_CELL.compareAndExchange(this, expected, value)
                : (long) CELLS.compareAndExchange(moreCells, component - 1, expected, value);
    }

    private long getAndSetCell(int component, long value) {
        return component == 0 ? (long) FIRST_CELL.getAndSet(this, value)
                : (long) CELLS.getAndSet(moreCells, component - 1, value);
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("stream '" + id + "' is closed; get a new one from the controller");
    }

    private static void requireNotNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
        }
    }

    @Override
    public String toString() {
        return "QuotaStream[" + id + ", used=" + usedBytes() + ", limit=" + limitBytes + "]";
    }
}
