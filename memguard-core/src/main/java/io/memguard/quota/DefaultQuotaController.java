package io.memguard.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import io.memguard.internal.FirstUse;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.quota.QuotaController.OverLimitAction;
import io.memguard.quota.QuotaController.RateLimit;

/*
 * How the controller accounts, without a lock on the allocate/release path
 * ------------------------------------------------------------------------
 * Each stream keeps one counter per component (see DefaultQuotaStream); the global usage is two monotonic
 * counters, allocated and released, on their own cache line (GlobalCounters). allocate() below decides an
 * allocation in one pass, the stream offering only its counters: it first adds the bytes to the global allocated
 * total and reads the usage that results, then adds them to the stream with a CAS that adds only if they fit the
 * stream's limit (or gives them back to the global counters if they do not): one atomic add and one CAS, no
 * lock, no allocation. Only when that usage is above the soft threshold (read again exactly, since the fast
 * reading may be high, see GlobalCounters) does it leave the fast path:
 *   - usage before it at or above critical: give the bytes back and reject (QuotaRejection.Limit.GLOBAL), tell listeners
 *     (back-pressure), and make sure background eviction runs;
 *   - usage after it above hard: evict across streams synchronously down to hard (serialized by the
 *     eviction lock, so concurrent allocations do not evict twice for the same shortfall), then admit,
 *     unless usage is still above critical;
 *   - above soft: schedule one background eviction down to soft. A run that cannot get below soft marks
 *     itself exhausted, and only the next maintenance run re-arms it, so that a quota full of protected
 *     entries does not rescan on every allocation.
 * A release takes bytes out of the stream's cell, then adds them to the global released total.
 *
 * The guarantee: admitted bytes never pass the critical threshold
 * ----------------------------------------------------------------
 * At every instant, under any interleaving, the bytes of admitted allocations not yet released are at most
 * criticalBytes, so at most the global limit. The global usage also counts allocations under way (added, not
 * yet admitted or given back), so usedBytes() itself may pass critical by their bytes for an instant.
 * Why: an allocation is admitted only on a reading of the global usage taken after its own add that is at most
 * critical (at most soft on the fast path, at most hard, or at most critical after evicting), and
 * GlobalCounters never under-reads. Take, at any instant, the admitted allocation whose reading came last:
 * every allocation admitted by then had added its bytes before that reading, every release the reading
 * subtracts had already taken its bytes out of a stream's cell (so they are not held either), and bytes under
 * way only add to the reading. So the admitted bytes still held are at most that reading, at most critical.
 * This needs every global release to follow its allocation's add: DefaultQuotaStream releases only bytes its
 * cells hold, and a cell takes bytes only after the global admission.
 *
 * Checkpoints: global usage equals the sum of the streams' usage
 * ----------------------------------------------------------------
 * Every allocate, release, give-back, eviction and close changes a stream cell and the global counters by the
 * same amount, one after the other. So global usage equals the sum of the streams whenever no such call is
 * under way, and differs by at most the bytes of the calls under way otherwise. A consistent checkpoint is
 * therefore taken at a quiescent point: the callers pause (the stress test parks its threads on a Phaser),
 * then usedBytes() and the streams are read. Exact snapshots while threads run would need every allocation
 * to announce itself to a shared gate: that is the global cost this design exists to avoid.
 */
/** The {@link QuotaController} built by {@link QuotaController.Builder}. */
final class DefaultQuotaController implements QuotaController {

    private static final int BACKGROUND_IDLE = 0;
    private static final int BACKGROUND_SCHEDULED = 1;
    private static final int BACKGROUND_EXHAUSTED = 2;

    private final GlobalCounters global = new GlobalCounters();
    private final QuotaConfiguration configuration;
    private final long softBytes;
    private final long hardBytes;
    private final long criticalBytes;
    private final OverLimitAction overLimitAction;
    private final String[] componentNames;
    private final Map<String, QuotaController.Component> componentsByName;
    private final @Nullable RateLimit streamRateLimit;
    private final @Nullable TokenBucket globalRateLimiter;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final QuotaCounters counters = new QuotaCounters(global);
    private final CallbackGuard guard = new CallbackGuard(counters);
    private final FirstUse firstStream = new FirstUse(counters.callbackFailureCounter(),
            LoggerFactory.getLogger(QuotaController.class), this);
    private final Evictor evictor;
    private final ConcurrentHashMap<String, DefaultQuotaStream> streams = new ConcurrentHashMap<>();
    private final Collection<QuotaStream> streamsView = Collections.unmodifiableCollection(streams.values());
    private final List<QuotaListener> listeners;
    private final ReentrantLock evictionLock = new ReentrantLock();
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final AtomicInteger backgroundState = new AtomicInteger(BACKGROUND_IDLE);
    private final @Nullable ScheduledThreadPoolExecutor ownThread;
    private final Executor background;
    private volatile MemoryPressureLevel pressureLevel = MemoryPressureLevel.NONE;

    /* Allocation rate sampling: read and written only by maintenance, which runs one at a time. */
    private long lastRateSampleNanos;
    private long lastRateSampleBytes;
    private boolean rateSampled;

    DefaultQuotaController(QuotaConfiguration configuration, LongSupplier ticker, Sleeper sleeper,
            @Nullable Executor backgroundExecutor, List<QuotaListener> listeners) {
        this.configuration = configuration;
        this.softBytes = configuration.softBytes();
        this.hardBytes = configuration.hardBytes();
        this.criticalBytes = configuration.criticalBytes();
        this.overLimitAction = configuration.overLimitAction();
        this.componentNames = configuration.components().toArray(String[]::new);
        Map<String, QuotaController.Component> byName = new HashMap<>();
        for (int i = 0; i < componentNames.length; i++) {
            byName.put(componentNames[i], new QuotaController.Component(this, componentNames[i], i));
        }
        this.componentsByName = Map.copyOf(byName);
        this.streamRateLimit = configuration.streamRateLimit();
        this.globalRateLimiter = configuration.globalRateLimit() == null ? null
                : new TokenBucket(configuration.globalRateLimit(), ticker);
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.evictor = new Evictor(configuration, ticker, counters, guard);
        this.listeners = new CopyOnWriteArrayList<>(listeners);
        boolean needsOwnThread = backgroundExecutor == null || configuration.maintenanceInterval() != null;
        ScheduledThreadPoolExecutor own = needsOwnThread ? newOwnThread() : null;
        this.ownThread = own;
        this.background = backgroundExecutor != null ? backgroundExecutor : Objects.requireNonNull(own);
    }

    private static ScheduledThreadPoolExecutor newOwnThread() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "memguard-quota");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Starts the periodic maintenance: kept out of the constructor so that
     * {@code this} is complete before another thread can see it. */
    DefaultQuotaController start() {
        // A maintenance interval always comes with an own thread (the constructor makes one for it).
        if (configuration.maintenanceInterval() != null && ownThread != null) {
            long interval = configuration.maintenanceInterval().toNanos();
            ownThread.scheduleWithFixedDelay(this::maintain, interval, interval, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    // ---- streams ----

    @Override
    public QuotaStream stream(String id) {
        DefaultQuotaStream existing = streams.get(Objects.requireNonNull(id, "id"));
        if (existing != null) {
            return existing;
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException("stream id must not be blank");
        }
        long used = global.used();
        if (used >= criticalBytes) {
            triggerBackgroundEviction();
            throw reject(QuotaRejection.Limit.GLOBAL, id, 0, used, criticalBytes);
        }
        DefaultQuotaStream opened = streams.computeIfAbsent(id, this::newStream);
        // Outside computeIfAbsent: the actions may read the streams (the meters rank them).
        firstStream.markUsed();
        return opened;
    }

    private DefaultQuotaStream newStream(String id) {
        TokenBucket rateLimiter = streamRateLimit == null ? null : new TokenBucket(streamRateLimit, ticker);
        return new DefaultQuotaStream(this, id, configuration.streamLimitBytes(id), componentNames.length,
                rateLimiter);
    }

    @Override
    public void whenFirstStreamOpened(Runnable action) {
        firstStream.whenUsed(action);
    }

    @Override
    public Optional<QuotaStream> findStream(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    @Override
    public Collection<QuotaStream> streams() {
        return streamsView;
    }

    @Override
    public List<QuotaStreamSnapshot> topStreams(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        PriorityQueue<RankedStream> smallestFirst = new PriorityQueue<>(limit + 1,
                Comparator.comparingLong(RankedStream::used));
        for (DefaultQuotaStream stream : streams.values()) {
            long used = stream.usedBytes();
            if (smallestFirst.size() < limit) {
                smallestFirst.add(new RankedStream(stream, used));
            }
            else if (used > smallestFirst.peek().used()) {
                smallestFirst.poll();
                smallestFirst.add(new RankedStream(stream, used));
            }
        }
        List<RankedStream> ranked = new ArrayList<>(smallestFirst);
        ranked.sort(Comparator.comparingLong(RankedStream::used).reversed());
        List<QuotaStreamSnapshot> top = new ArrayList<>(ranked.size());
        for (RankedStream stream : ranked) {
            top.add(stream.stream().snapshot());
        }
        return top;
    }

    private record RankedStream(DefaultQuotaStream stream, long used) {
    }

    /** Removes a closing stream and evicts its entries; the stream then releases what is left. */
    void closing(DefaultQuotaStream stream) {
        streams.remove(stream.id(), stream);
        publish(evictor.callOwners(evictor.evictAll(stream, EvictionReason.STREAM_CLOSED)));
    }

    /** An entry admitted while its stream was closing: evicted at once, so that its owner drops it. */
    void evictLate(DefaultQuotaEntry entry) {
        publish(evictor.callOwners(evictor.evictOne(entry, EvictionReason.STREAM_CLOSED)));
    }

    // ---- components ----

    @Override
    public QuotaController.Component component(String name) {
        return declaredComponent(name);
    }

    int componentIndex(String name) {
        if (componentNames.length == 1 && componentNames[0].equals(name)) {
            return 0;
        }
        return declaredComponent(name).index();
    }

    int componentIndex(QuotaController.Component component) {
        Objects.requireNonNull(component, "component");
        if (!component.belongsTo(this)) {
            throw new IllegalArgumentException("component '" + component.name()
                    + "' was resolved by another QuotaController; resolve it with this controller's component()");
        }
        return component.index();
    }

    String componentName(int index) {
        return componentNames[index];
    }

    private QuotaController.Component declaredComponent(String name) {
        Objects.requireNonNull(name, "component");
        QuotaController.Component component = componentsByName.get(name);
        if (component == null) {
            throw new IllegalArgumentException("component '" + name + "' is not declared; declared components are "
                    + configuration.components());
        }
        return component;
    }

    // ---- admission: the one owner of an allocation ----

    /**
     * Decides one allocation top to bottom: the stream's limit (evicting within the stream once, if so
     * configured), the global thresholds, then the stream's counters. The bytes end up both in the global
     * counters and in the stream's cell, or in neither and the caller gets the refusal.
     *
     * @throws QuotaExceededException if the stream's limit or the global quota refuses the bytes
     * @throws IllegalStateException if the stream is closed
     */
    void allocate(DefaultQuotaStream stream, int component, long bytes) {
        if (tryAllocate(stream, component, bytes)) {
            return;
        }
        long limit = stream.limitBytes();
        if (overLimitAction == OverLimitAction.EVICT && bytes <= limit) {
            // Below what this allocation needs by the headroom, so that the next ones fit without another run.
            evictWithin(stream, Math.max(0, limit - bytes - stream.evictionHeadroomBytes()));
            if (tryAllocate(stream, component, bytes)) {
                return;
            }
        }
        throw reject(QuotaRejection.Limit.STREAM, stream.id(), bytes, stream.usedBytes(), limit);
    }

    /**
     * Admits the bytes globally, then adds them to the stream if they fit under its limit.
     *
     * @return false if they do not fit the stream, having left no trace
     */
    private boolean tryAllocate(DefaultQuotaStream stream, int component, long bytes) {
        long held = stream.gate();
        // A plain read first, so that an allocation into a full stream does not disturb other streams' admissions.
        if (bytes > stream.limitBytes() - held) {
            return false;
        }
        if (global.allocate(bytes) > softBytes) {
            admitAboveSoft(stream.id(), bytes);
        }
        boolean added;
        try {
            added = stream.tryAdd(component, bytes, held);
        }
        catch (IllegalStateException closed) {
            rollBackGlobally(bytes);
            throw closed;
        }
        if (!added) {
            rollBackGlobally(bytes);
        }
        return added;
    }

    /**
     * Takes released bytes out of the stream, then out of the global counters: in that order, so that the global
     * counters release only bytes a stream held (see GlobalCounters, "Never under-read").
     *
     * @throws IllegalArgumentException if the stream's component holds fewer bytes, having changed nothing
     */
    void release(DefaultQuotaStream stream, int component, long bytes) {
        if (stream.takeOut(component, bytes)) {
            global.release(bytes);
        }
    }

    private void admitAboveSoft(String stream, long bytes) {
        // The fast reading may be high by bytes released since; this one is read after the add as well.
        long used = global.tryRefreshReleasedSeen(softBytes);
        if (used <= softBytes) {
            return;
        }
        long before = used - bytes;
        if (before >= criticalBytes) {
            rollBackGlobally(bytes);
            triggerBackgroundEviction();
            throw reject(QuotaRejection.Limit.GLOBAL, stream, bytes, before, criticalBytes);
        }
        if (used > hardBytes) {
            // Not critical just because this allocation wants in: protected and young entries stay.
            evictAcross(hardBytes, EvictionReason.GLOBAL_HARD, pressureLevel == MemoryPressureLevel.CRITICAL);
            long now = global.used();
            if (now > criticalBytes) {
                rollBackGlobally(bytes);
                triggerBackgroundEviction();
                throw reject(QuotaRejection.Limit.GLOBAL, stream, bytes, now - bytes, criticalBytes);
            }
        }
        triggerBackgroundEviction();
    }

    private void rollBackGlobally(long bytes) {
        global.release(bytes);
        counters.recordRollback(bytes);
    }

    private QuotaExceededException reject(QuotaRejection.Limit limit, String stream, long requested, long used, long limitBytes) {
        counters.recordRejection(limit);
        QuotaRejection rejection = new QuotaRejection(limit, stream, requested, used, limitBytes);
        if (limit == QuotaRejection.Limit.GLOBAL) {
            guard.notifyEach("quota listener", listeners, listener -> listener.onBackpressure(rejection));
        }
        return new QuotaExceededException(rejection);
    }

    boolean wouldExceedCritical(long bytes) {
        return global.used() + bytes > criticalBytes;
    }

    GlobalCounters global() {
        return global;
    }

    // ---- eviction ----

    /** Evicts within one stream until it holds at most {@code targetBytes}; one run per stream at a time. */
    private void evictWithin(DefaultQuotaStream stream, long targetBytes) {
        Evictor.Evicted evicted;
        synchronized (stream) {
            evicted = evictor.evict(List.of(stream), stream::usedBytes, targetBytes, EvictionReason.STREAM_LIMIT,
                    isCritical());
        }
        publish(evictor.callOwners(evicted));
    }

    /**
     * Evicts across all streams down to {@code targetBytes}; one run at a time.
     *
     * @param critical whether protected and young entries may go too
     */
    private void evictAcross(long targetBytes, EvictionReason reason, boolean critical) {
        Evictor.Evicted evicted;
        evictionLock.lock();
        try {
            evicted = evictor.evict(streams.values(), global::used, targetBytes, reason, critical);
        }
        finally {
            evictionLock.unlock();
        }
        publish(evictor.callOwners(evicted));
    }

    private boolean isCritical() {
        return pressureLevel == MemoryPressureLevel.CRITICAL || global.used() >= criticalBytes;
    }

    private void triggerBackgroundEviction() {
        if (backgroundState.get() == BACKGROUND_IDLE
                && backgroundState.compareAndSet(BACKGROUND_IDLE, BACKGROUND_SCHEDULED)
                && !execute(this::evictInBackground)) {
            backgroundState.set(BACKGROUND_IDLE);
        }
    }

    private void evictInBackground() {
        int next = BACKGROUND_IDLE;
        try {
            evictAcross(softBytes, EvictionReason.GLOBAL_SOFT, isCritical());
            if (global.used() > softBytes) {
                next = BACKGROUND_EXHAUSTED;
            }
        }
        finally {
            backgroundState.set(next);
        }
    }

    private void publish(@Nullable EvictionBatch batch) {
        if (batch == null) {
            return;
        }
        guard.notifyEach("quota listener", listeners, listener -> listener.onEviction(batch));
    }

    // ---- JVM memory pressure ----

    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        pressureLevel = current;
        if (current.isAtLeast(MemoryPressureLevel.HIGH)) {
            execute(this::relievePressure);
        }
    }

    /** HIGH: evict down to the soft threshold. CRITICAL: evict everything evictable. */
    private void relievePressure() {
        MemoryPressureLevel level = pressureLevel;
        if (level == MemoryPressureLevel.CRITICAL) {
            evictAcross(0, EvictionReason.PRESSURE_CRITICAL, true);
        }
        else if (level == MemoryPressureLevel.HIGH) {
            evictAcross(softBytes, EvictionReason.PRESSURE_HIGH, isCritical());
        }
    }

    // ---- maintenance, leaks ----

    @Override
    public void runMaintenance() {
        if (!maintenanceLock.tryLock()) {
            return;
        }
        try {
            long now = ticker.getAsLong();
            sampleAllocationRate(now);
            long threshold = configuration.leakThresholdBytes();
            long window = configuration.leakWindow().toNanos();
            for (DefaultQuotaStream stream : streams.values()) {
                SuspectedLeak leak = stream.checkLeak(now, threshold, window);
                if (leak != null) {
                    reportLeak(leak);
                }
            }
            relievePressure();
            backgroundState.compareAndSet(BACKGROUND_EXHAUSTED, BACKGROUND_IDLE);
            if (global.used() > softBytes) {
                triggerBackgroundEviction();
            }
        }
        finally {
            maintenanceLock.unlock();
        }
    }

    /** The scheduled form: a failure is logged and counted, and the schedule goes on. */
    private void maintain() {
        try {
            runMaintenance();
        }
        catch (RuntimeException ex) {
            guard.failed("quota maintenance", this, ex);
        }
    }

    private void sampleAllocationRate(long now) {
        long allocated = counters.allocatedBytes();
        if (rateSampled && now - lastRateSampleNanos > 0) {
            counters.allocationRate((allocated - lastRateSampleBytes) * 1e9 / (now - lastRateSampleNanos));
        }
        rateSampled = true;
        lastRateSampleNanos = now;
        lastRateSampleBytes = allocated;
    }

    void reportLeak(SuspectedLeak leak) {
        counters.recordSuspectedLeak();
        guard.notifyEach("quota listener", listeners, listener -> listener.onSuspectedLeak(leak));
    }

    // ---- rate limits ----

    long reserveGlobalRate(long bytes, long maxWaitNanos) {
        return globalRateLimiter == null ? 0 : globalRateLimiter.reserve(bytes, maxWaitNanos);
    }

    void refundGlobalRate(long bytes) {
        if (globalRateLimiter != null) {
            globalRateLimiter.refund(bytes);
        }
    }

    void recordThrottled() {
        counters.recordThrottled();
    }

    void sleep(long nanos) throws InterruptedException {
        sleeper.sleep(nanos);
    }

    long now() {
        return ticker.getAsLong();
    }

    // ---- views ----

    @Override
    public long usedBytes() {
        return global.used();
    }

    @Override
    public QuotaSnapshot snapshot() {
        long used = global.used();
        return new QuotaSnapshot(used, configuration.globalLimitBytes(), softBytes, hardBytes, criticalBytes,
                stateOf(used), streams.size(), counters.allocatedBytes(), counters.releasedBytes(),
                counters.allocationRate(), counters.evictionsByReason(), counters.evictedBytesByReason(),
                counters.rejectionsByLimit(), counters.throttled(), counters.suspectedLeaks(),
                counters.callbackFailures());
    }

    @Override
    public QuotaSnapshot.State state() {
        return stateOf(global.used());
    }

    private QuotaSnapshot.State stateOf(long used) {
        if (used >= criticalBytes) {
            return QuotaSnapshot.State.CRITICAL;
        }
        if (used > hardBytes) {
            return QuotaSnapshot.State.HARD;
        }
        return used > softBytes ? QuotaSnapshot.State.SOFT : QuotaSnapshot.State.NORMAL;
    }

    @Override
    public QuotaConfiguration configuration() {
        return configuration;
    }

    @Override
    public void addListener(QuotaListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(QuotaListener listener) {
        listeners.remove(listener);
    }

    private boolean execute(Runnable task) {
        try {
            background.execute(task);
            return true;
        }
        catch (RejectedExecutionException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ownThread != null) {
            ownThread.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "QuotaController[used=" + global.used() + ", limit=" + configuration.globalLimitBytes() + ", streams="
                + streams.size() + "]";
    }
}
