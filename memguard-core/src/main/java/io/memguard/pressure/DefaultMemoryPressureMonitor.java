package io.memguard.pressure;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.memguard.internal.Listeners;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.pressure.MemorySnapshot.ContainerMemory;
import io.memguard.pressure.MemorySnapshot.DirectMemory;
import io.memguard.pressure.MemorySnapshot.GcActivity;
import io.memguard.pressure.MemorySnapshot.HeapMemory;
import io.memguard.pressure.MemorySnapshot.PressureStall;
import io.memguard.pressure.MemorySnapshot.SignalReading;
import io.memguard.pressure.MemorySnapshot.SystemMemory;

/**
 * The memory pressure monitor of a JVM: reads the signals of {@link PressureSettings} from the heap, direct buffers,
 * the process's cgroup, the host and Linux PSI, and maintains the level.
 *
 * <pre>{@code
 * DefaultMemoryPressureMonitor monitor = DefaultMemoryPressureMonitor.builder()
 *         .settings(PressureSettings.builder().gcHintEnabled(true).build())
 *         .build()
 *         .start();
 * ...
 * monitor.close();
 * }</pre>
 *
 * <h2>How it works</h2>
 * Each {@link #refresh() refresh} reads every enabled probe, builds an immutable {@link MemorySnapshot}, computes
 * the level with {@link PressureLevelRule} from the previous level (so hysteresis applies), then publishes the
 * snapshot and the level into two volatile fields. Refreshes are serialised by a lock, so the probes, the previous
 * level and the allocation counters are only touched by one thread at a time; readers never take the lock:
 * {@link #level()} is a single volatile read. A poll runs on one daemon thread, and a refresh is also queued at once
 * when a garbage collector reports a collection (at most one queued at a time, so a burst of collections costs one
 * refresh). A refresh after a collection reads only what the collection changed, the JVM's own heap, direct and GC
 * probes, and keeps the container, system and PSI readings of the last poll: those are files the operating system
 * updates on its own schedule, and a busy service collects several times a second, which would otherwise read and
 * parse them several times a second for nothing. A poll reads the JVM, the container and PSI, and the host's memory
 * once per {@link PressureSettings#interval()}; the wait before the next poll is the interval when calm, and
 * {@link PressureSettings#fastInterval()} from {@link PressureSettings#fastFromLevel()} or while the container fills
 * faster than {@link PressureSettings#fastRiseRate()} ({@link PollCadence}); a refresh after a collection that raises
 * the level to the fast level brings the next poll forward. On cgroup v2, a poll that finds the {@code high} or
 * {@code max} counter of {@code memory.events} increased since the poll before counts {@code container} as at least
 * HIGH: the kernel is already reclaiming or throttling the cgroup. Every reading of the container reads its limits
 * again, so the ratio follows a pod resized in place from that reading on; the change is kept
 * ({@link #lastContainerLimitChange()}) and told to the container limit listeners. The growth of
 * {@code container} and {@code heap-after-gc} is projected {@link PressureSettings#leadTime()} ahead
 * ({@link GrowthProjection}): each reading carries the seconds left before its critical threshold, and a signal
 * expected to cross a threshold within the lead time counts at that level now, the snapshot marked
 * {@link MemorySnapshot#projected() projected} when that raised the level; a projected level is held for the lead
 * time after the last reading that projected it. A probe that throws
 * or reads nothing where it read a value before does not make its signal vanish: the signal keeps its last reading,
 * marked {@link SignalReading#stale() stale}, and the failure is counted, so that one failed read cannot bypass the
 * hysteresis. Listeners run on the refreshing thread after the level changed; one that throws is logged and counted,
 * and the others still run. A listener may call {@link #refresh()}: what that refresh finds is delivered after the
 * change being delivered, so that every listener hears the changes in the order the level took them. On entering
 * HIGH or CRITICAL, if enabled, the GC hint runs after the listeners, so that the memory they release can be
 * collected. While the level is HIGH or CRITICAL, the live set is measured on purpose once no collection has
 * measured it for {@link PressureSettings#liveSetMeasurementInterval()}, so that the level cannot stay high on a
 * stale measurement, and after a quarter of that when a young collection's reading of the live set is at CRITICAL
 * or projected there,
 * which only a measurement can confirm; once it has left HIGH, a few more measurements, further and further apart,
 * follow until it is
 * back at NONE, so that it cannot stay at LOW or MODERATE either. Every GC notification is also recorded in a sliding
 * window, for the {@code gc-overhead}
 * signal.
 *
 * <p>Two time seams: every duration (the windows, rates, projections, cooldowns and intervals above, the time since
 * the last collection) is measured on a nanosecond ticker ({@link Builder#ticker(LongSupplier)}), so that a wall
 * clock stepped by NTP or by hand neither stretches nor reverses them; the {@link Builder#clock(Clock) clock} only
 * stamps what users read as wall times: snapshots, container limit changes and the last GC hint. The end of the last
 * collection, which the GC probe gives as a wall time, is placed on the ticker by its age on the clock when a refresh
 * first sees it.
 *
 * @since 0.1.0
 */
public final class DefaultMemoryPressureMonitor implements MemoryPressureMonitor, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(DefaultMemoryPressureMonitor.class);

    /** The longest age of a collection's end that {@link #ageNanos} tells apart. */
    private static final Duration MAX_AGE = Duration.ofDays(36_500);

    private final PressureSettings settings;

    private final Clock clock;

    private final LongSupplier ticker;

    private final Probes probes;

    private final GcNotifications gcNotifications;

    private final GcHint gcHint;

    private final PressureLevelRule levelRule;

    private final RecentCollections recentCollections;

    // Guarded by refreshLock.
    private final RecentGcCpuTime recentGcCpuTime;

    private final IntSupplier processors;

    // Guarded by refreshLock.
    private final PollCadence cadence;

    // Guarded by refreshLock.
    private final GrowthProjection projection;

    private final long systemIntervalNanos;

    // Guarded by refreshLock: whether and when (ticker) the host's memory was last read.
    private boolean systemRead;

    private long systemReadAt;

    private final CopyOnWriteArrayList<Consumer<MemoryPressureChange>> listeners = new CopyOnWriteArrayList<>();

    private final CopyOnWriteArrayList<Consumer<MemorySnapshot>> collectionListeners = new CopyOnWriteArrayList<>();

    private final CopyOnWriteArrayList<Consumer<ContainerLimitChange>> limitListeners = new CopyOnWriteArrayList<>();

    private final CopyOnWriteArrayList<Consumer<MemorySnapshot>> snapshotListeners = new CopyOnWriteArrayList<>();

    private volatile @Nullable ContainerLimitChange lastLimitChange;

    private final LongAdder listenerFailures = new LongAdder();

    private final LongAdder[] probeFailures = new LongAdder[MemorySignal.values().length];

    private final ReentrantLock refreshLock = new ReentrantLock();

    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    // Guarded by refreshLock: listener calls and GC hints found by refreshes, delivered in the order found.
    private final Queue<Runnable> deliveries = new ArrayDeque<>();

    // Guarded by refreshLock: whether a refresh further up this thread's stack is running the deliveries.
    private boolean delivering;

    private final Object lifecycleMonitor = new Object();

    private volatile MemoryPressureLevel level = MemoryPressureLevel.NONE;

    private volatile MemorySnapshot snapshot;

    private volatile boolean observingCollections;

    // Guarded by refreshLock.
    private long previousAllocatedBytes = -1;

    // Guarded by refreshLock: the collection count of the previous snapshot.
    private long previousCollections = -1;

    // Guarded by refreshLock: whether previousAllocatedBytes was read, and when (ticker).
    private boolean allocationTimed;

    private long previousAllocationTime;

    // Guarded by refreshLock: the end of the last collection as the probe gave it, and where it lies on the ticker.
    private @Nullable Instant lastCollectionEnd;

    private long lastCollectionEndNanos;

    // Guarded by lifecycleMonitor.
    private @Nullable ScheduledExecutorService scheduler;

    // Guarded by lifecycleMonitor: the next poll, and when it runs in the scheduler's time: System.nanoTime(), not the
    // injected ticker, since the executor waits in real time whatever a test's ticker says.
    private @Nullable ScheduledFuture<?> nextPoll;

    // Guarded by lifecycleMonitor.
    private long nextPollAtNanos;

    // Guarded by lifecycleMonitor.
    private @Nullable AutoCloseable gcSubscription;

    // Written under lifecycleMonitor; volatile, as a refresh reads it without that lock to close the probes' files.
    private volatile boolean closed;

    private DefaultMemoryPressureMonitor(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.ticker = builder.ticker;
        this.systemIntervalNanos = settings.interval().toNanos();
        this.probes = new Probes(builder);
        // Builder.build() filled in a default for every part not given, so none is null here.
        this.gcNotifications = Objects.requireNonNull(builder.gcNotifications);
        this.gcHint = new GcHint(settings, clock, ticker, Objects.requireNonNull(builder.explicitGc),
                Objects.requireNonNull(builder.youngCollections));
        this.levelRule = new PressureLevelRule(settings);
        this.recentCollections = new RecentCollections(settings.gcOverheadWindow());
        this.recentGcCpuTime = new RecentGcCpuTime(settings.gcOverheadWindow());
        this.processors = builder.processors;
        this.cadence = new PollCadence(settings);
        this.projection = new GrowthProjection(settings);
        this.snapshot = MemorySnapshot.ofLevel(MemoryPressureLevel.NONE, clock.instant());
        Arrays.setAll(probeFailures, (i) -> new LongAdder());
    }

    /**
     * A builder reading this JVM and machine with the default settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes a first observation, then starts polling at the configured interval and listening to GC notifications.
     * Does nothing if already started.
     *
     * @return this monitor
     * @throws IllegalStateException if the monitor was closed
     */
    public DefaultMemoryPressureMonitor start() {
        synchronized (lifecycleMonitor) {
            if (closed) {
                throw new IllegalStateException("This memory pressure monitor is closed");
            }
            if (scheduler != null) {
                return this;
            }
            // Collections are recorded from now on, so that the first observation already has a GC overhead.
            gcSubscription = gcNotifications.subscribe(this::onGarbageCollection);
            observingCollections = true;
            refresh();
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "memguard-pressure");
                thread.setDaemon(true);
                return thread;
            });
            schedulePoll(nextPollDelay());
            return this;
        }
    }

    /**
     * Stops polling and removes the GC notification listeners. The last level and snapshot stay readable.
     */
    @Override
    public void close() {
        synchronized (lifecycleMonitor) {
            if (closed) {
                return;
            }
            closed = true;
            if (gcSubscription != null) {
                try {
                    gcSubscription.close();
                }
                catch (Exception ex) {
                    logger.warn("Could not remove the GC notification listeners", ex);
                }
            }
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        closeProbesUnlessRefreshing();
    }

    /**
     * Closes the files the probes keep open, unless a refresh is reading them: that refresh closes them as it ends.
     * Never waits for the refresh lock, which a refresh holds while it tells listeners, and a listener may wait for
     * the thread that closes the monitor (an application context shutting down).
     */
    private void closeProbesUnlessRefreshing() {
        if (refreshLock.tryLock()) {
            try {
                probes.close();
            }
            finally {
                refreshLock.unlock();
            }
        }
    }

    /**
     * Whether the monitor polls: started and not closed.
     *
     * @return {@code true} while polling
     */
    public boolean isRunning() {
        synchronized (lifecycleMonitor) {
            return scheduler != null && !closed;
        }
    }

    @Override
    public MemoryPressureLevel level() {
        return level;
    }

    @Override
    public MemorySnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void addListener(Consumer<MemoryPressureChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<MemoryPressureChange> listener) {
        listeners.remove(listener);
    }

    /**
     * Registers a listener told of the first snapshot after every garbage collection from now on (a refresh follows
     * every GC notification, so that is once per collection unless collections come faster than refreshes), for
     * consumers that need the heap after every collection rather than level changes only (a heap trend, a leak
     * detector). Called on the refresh thread, one snapshot at a time, in order; quick and non-blocking. A listener
     * that throws is logged and counted, and the monitor and the other listeners carry on.
     *
     * @param listener takes the snapshot taken after the collection(s), whose {@code heap()} holds the heap after
     *                 them; not {@code null}
     */
    public void addGarbageCollectionListener(Consumer<MemorySnapshot> listener) {
        collectionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a garbage collection listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    public void removeGarbageCollectionListener(Consumer<MemorySnapshot> listener) {
        collectionListeners.remove(listener);
    }

    /**
     * Registers a listener told of every snapshot from now on: after each poll and each collection, for a consumer
     * that steers by the readings themselves rather than by level changes (the admission controller's feedback loop).
     * Called on the refreshing thread, one snapshot at a time, in order, after the snapshot was published: quick and
     * non-blocking. A listener that throws is logged and counted, and the monitor and the other listeners carry on.
     *
     * @param listener the listener; not {@code null}
     * @since 0.2.0
     */
    public void addSnapshotListener(Consumer<MemorySnapshot> listener) {
        snapshotListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a snapshot listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     * @since 0.2.0
     */
    public void removeSnapshotListener(Consumer<MemorySnapshot> listener) {
        snapshotListeners.remove(listener);
    }

    /**
     * Registers a listener told when the container's limits change between two readings (a pod resized in place),
     * once per change found, on the refreshing thread, after the level computed against the new limits is
     * published. One that throws is logged and counted, and the others still run.
     *
     * @param listener takes the old and new limits, and when; not {@code null}
     * @since 0.2.0
     */
    public void addContainerLimitListener(Consumer<ContainerLimitChange> listener) {
        limitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a container limit listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     * @since 0.2.0
     */
    public void removeContainerLimitListener(Consumer<ContainerLimitChange> listener) {
        limitListeners.remove(listener);
    }

    /**
     * The last change of the container's limits this monitor saw, if any.
     *
     * @return the old and new limits and when, or empty where they never changed since this monitor started
     * @since 0.2.0
     */
    public Optional<ContainerLimitChange> lastContainerLimitChange() {
        return Optional.ofNullable(lastLimitChange);
    }

    /**
     * Reads every signal now, updates the level and tells the listeners if it changed. Safe to call from any thread;
     * calls are serialised.
     *
     * @return the new snapshot
     */
    public MemorySnapshot refresh() {
        return refresh(Scope.EVERYTHING);
    }

    /**
     * How long the poller waits before it next reads the container and PSI signals, as decided by the last refresh:
     * {@link PressureSettings#interval()} when calm, {@link PressureSettings#fastInterval()} while pressure builds.
     *
     * @return the wait before the next poll
     * @since 0.2.0
     */
    public Duration nextPollDelay() {
        refreshLock.lock();
        try {
            return cadence.next();
        }
        finally {
            refreshLock.unlock();
        }
    }

    /**
     * The container's rise between its last two readings, in ratio of its limit per second (0 where there were not
     * two readings), as the poller judges it against {@link PressureSettings#fastRiseRate()}.
     *
     * @return the rise rate, negative when the container empties
     * @since 0.2.0
     */
    public double containerRiseRate() {
        refreshLock.lock();
        try {
            return cadence.riseRate();
        }
        finally {
            refreshLock.unlock();
        }
    }

    /** What a refresh reads. */
    private enum Scope {

        /** Every probe: an explicit {@link #refresh()} and the first observation. */
        EVERYTHING,

        /** The JVM, container and PSI; the host only once per base interval. */
        POLL,

        /** Only the JVM's own probes, after a collection. */
        JVM
    }

    /**
     * Reads the probes and publishes the snapshot.
     *
     * @param scope which probes to read; the others keep the last snapshot's readings
     */
    private MemorySnapshot refresh(Scope scope) {
        refreshLock.lock();
        try {
            Instant now = clock.instant();
            long nowNanos = ticker.getAsLong();
            MemorySnapshot last = snapshot;
            boolean readSystem = scope == Scope.EVERYTHING || (scope == Scope.POLL && (!systemRead
                    || nowNanos - systemReadAt >= systemIntervalNanos));
            Observation observed = (scope == Scope.JVM) ? probes.readJvm(last) : probes.read(last, readSystem);
            if (readSystem) {
                systemRead = true;
                systemReadAt = nowNanos;
            }
            Observation observation = observed.keepingMissingDetailsOf(last);
            Set<MemorySignal> stale = staleSignals(observed, last);
            RecentCollections.Summary recent = recentCollections.summarize(nowNanos);
            GcActivity gc = gcActivity(nowNanos, now, observation.gc(), recent);
            MemoryPressureLevel previous = level;
            boolean containerRead = scope != Scope.JVM;
            // Without GC notifications the kind of the last collection is unknown: every reading counts as measured.
            boolean liveSetMeasured = !observingCollections || recent.liveSetMeasured();
            Duration sinceMeasurement = recent.sinceMeasurement();
            // The live set of the latest collection, timed, where that collection measured the whole heap.
            Long liveSetMeasuredAt = (recent.wholeHeapCollected() && sinceMeasurement != null)
                    ? nowNanos - sinceMeasurement.toNanos() : null;
            GrowthProjection.Outlook outlook = projection.observe(SignalReadings.of(settings, observation, stale, gc),
                    nowNanos, containerRead, liveSetMeasuredAt);
            Map<MemorySignal, SignalReading> readings = outlook.readings();
            MemoryPressureLevel containerFloor = (containerRead && observed.container() != null
                    && observed.container().kernelReclaimedSince(last.container())) ? MemoryPressureLevel.HIGH
                            : MemoryPressureLevel.NONE;
            PressureLevelRule.Result result = projection.hold(levelRule.apply(previous, readings, observation.psi(),
                    gc, containerFloor, outlook.projectedRatios(), liveSetMeasured, outlook.projectedLiveSetRatio()),
                    readings, nowNanos);
            MemorySnapshot next = new MemorySnapshot(now, result.level(), result.drivingSignal(), readings,
                    observation.heap(), observation.direct(), gc, observation.container(), observation.system(),
                    observation.psi(), result.projected());
            snapshot = next;
            level = next.level();
            if (containerRead) {
                cadence.observeContainer(readings.get(MemorySignal.CONTAINER), nowNanos);
                ContainerLimitChange limitChange = ContainerLimitChange.between(last.container(),
                        observed.container(), now);
                if (limitChange != null) {
                    lastLimitChange = limitChange;
                    deliveries.add(() -> notifyEach(limitListeners, (listener) -> listener.accept(
                            limitChange), "on a container limit change"));
                }
            }
            cadence.decide(next.level(), nowNanos);
            if (!snapshotListeners.isEmpty()) {
                deliveries.add(() -> notifyEach(snapshotListeners, (listener) -> listener.accept(next),
                        "on a snapshot"));
            }
            long collections = next.gc().count();
            if (previousCollections >= 0 && collections > previousCollections) {
                deliveries.add(() -> notifyCollectionListeners(next));
            }
            previousCollections = collections;
            if (next.level() != previous) {
                MemoryPressureChange change = new MemoryPressureChange(previous, next.level(), next);
                deliveries.add(() -> {
                    notifyListeners(change);
                    if (change.current().isAtLeast(MemoryPressureLevel.HIGH)
                            && change.current().compareTo(change.previous()) > 0) {
                        gcHint.onEnteringHighPressure();
                    }
                });
            }
            if (next.level() != MemoryPressureLevel.NONE || previous != MemoryPressureLevel.NONE) {
                boolean confirmCritical = levelRule.criticalAwaitsMeasurement(next.level(), readings,
                        outlook.projectedRatios(), liveSetMeasured);
                // After the listeners: the memory they release is measured too.
                deliveries.add(() -> gcHint.measureLiveSet(next.level(),
                        recentCollections.summarize(ticker.getAsLong()).sinceMeasurement(), confirmCritical));
            }
            deliverInOrder();
            return next;
        }
        finally {
            refreshLock.unlock();
            if (closed) {
                // close() found this refresh reading, and left the probes' files to it.
                closeProbesUnlessRefreshing();
            }
        }
    }

    /**
     * Runs the queued deliveries, oldest first, unless this thread is already running them: a listener that calls
     * {@link #refresh()} re-entrantly (the lock is reentrant) only queues what its refresh found, and the outer call
     * delivers it once every listener has heard the change before, so that each listener hears the changes in the
     * order the level took them.
     */
    private void deliverInOrder() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            Runnable delivery;
            while ((delivery = deliveries.poll()) != null) {
                delivery.run();
            }
        }
        finally {
            delivering = false;
        }
    }

    /**
     * The signals whose probe read nothing this time and which keep the last snapshot's reading instead, counted as
     * probe failures; a probe that threw is counted even when there is no earlier reading to keep.
     */
    private Set<MemorySignal> staleSignals(Observation observed, MemorySnapshot last) {
        Set<MemorySignal> stale = EnumSet.noneOf(MemorySignal.class);
        for (MemorySignal signal : MemorySignal.values()) {
            SignalReading earlier = last.signals().get(signal);
            if (observed.missing().contains(signal)) {
                if (earlier != null) {
                    stale.add(signal);
                }
                if (earlier != null || observed.failed().contains(signal)) {
                    probeFailures[signal.ordinal()].increment();
                }
            }
            else if (observed.keptFromLast().contains(signal) && earlier != null && earlier.stale()) {
                stale.add(signal);
            }
        }
        return stale;
    }

    /**
     * The settings this monitor runs with.
     *
     * @return the settings
     */
    public PressureSettings settings() {
        return settings;
    }

    /**
     * How many times a listener threw since this monitor was built.
     *
     * @return the count of listener failures
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * How many observations found no reading for a signal, because its probe threw or read nothing where it had read
     * a value before; the signal then kept its earlier reading, marked stale.
     *
     * @param signal the signal
     * @return the count of failed reads of that signal since this monitor was built
     */
    public long probeFailures(MemorySignal signal) {
        return probeFailures[Objects.requireNonNull(signal, "signal").ordinal()].sum();
    }

    /**
     * How often the GC hint was given or held back.
     *
     * @return the GC hint counters
     */
    public GcHintSnapshot gcHintSnapshot() {
        return gcHint.snapshot();
    }

    private void onGarbageCollection(GarbageCollection collection) {
        recentCollections.record(collection, ticker.getAsLong());
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        synchronized (lifecycleMonitor) {
            if (closed || scheduler == null) {
                refreshQueued.set(false);
                return;
            }
            scheduler.execute(() -> {
                refreshQueued.set(false);
                refreshQuietly(Scope.JVM);
                bringPollForward(nextPollDelay());
            });
        }
    }

    private void poll() {
        refreshQuietly(Scope.POLL);
        schedulePoll(nextPollDelay());
    }

    private void schedulePoll(Duration delay) {
        synchronized (lifecycleMonitor) {
            if (closed || scheduler == null) {
                return;
            }
            long delayNanos = delay.toNanos();
            nextPollAtNanos = System.nanoTime() + delayNanos;
            nextPoll = scheduler.schedule(this::poll, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Runs the next poll within {@code wait} from now if it was due later: a collection that raised the level to the
     * fast level must not leave the container unread for the rest of a calm interval.
     */
    private void bringPollForward(Duration wait) {
        synchronized (lifecycleMonitor) {
            if (closed || nextPoll == null || nextPollAtNanos - System.nanoTime() <= wait.toNanos()) {
                return;
            }
            // A poll already running reschedules itself; cancelling only a waiting one avoids a second chain.
            if (nextPoll.cancel(false)) {
                schedulePoll(wait);
            }
        }
    }

    private void refreshQuietly(Scope scope) {
        try {
            refresh(scope);
        }
        catch (Throwable ex) {
            // A poll that throws would end the chain of polls, and an OutOfMemoryError is exactly when the level
            // matters most: log it and keep polling.
            logger.warn("Memory pressure refresh failed", ex);
        }
    }

    /**
     * The GC activity of a refresh.
     *
     * @param now    the ticker's reading, in nanoseconds
     * @param wallNow the clock's reading, only to place a newly seen end of collection on the ticker
     */
    private GcActivity gcActivity(long now, Instant wallNow, @Nullable GcTotals totals,
            RecentCollections.Summary recent) {
        Duration sinceMeasured = recent.sinceMeasurement();
        // Without GC notifications (not started), the pauses of the window are unknown, not zero.
        double pauseShare = observingCollections ? recent.pauseShare() : -1;
        if (totals == null) {
            return new GcActivity(0, Duration.ZERO, null, -1, pauseShare, recent.fullCollections(), sinceMeasured);
        }
        Duration sinceLastGc = null;
        Instant end = totals.lastCollectionEnd();
        if (end != null) {
            if (!end.equals(lastCollectionEnd)) {
                // A wall time: its age on the clock now places it on the ticker, once, so that a clock stepped later
                // does not move it.
                lastCollectionEnd = end;
                lastCollectionEndNanos = now - ageNanos(end, wallNow);
            }
            sinceLastGc = Duration.ofNanos(Math.max(0, now - lastCollectionEndNanos));
        }
        double allocationRate = -1;
        long allocated = totals.allocatedBytes();
        long elapsedNanos = now - previousAllocationTime;
        if (allocated >= 0 && previousAllocatedBytes >= 0 && allocationTimed) {
            if (elapsedNanos > 0) {
                allocationRate = Math.max(0, allocated - previousAllocatedBytes) * 1e9 / elapsedNanos;
            }
            else {
                allocationRate = snapshot.gc().allocationRateBytesPerSecond();
            }
        }
        if (allocated >= 0 && (!allocationTimed || elapsedNanos > 0)) {
            previousAllocatedBytes = allocated;
            previousAllocationTime = now;
            allocationTimed = true;
        }
        double cpuShare = (totals.gcCpuTime() != null)
                ? recentGcCpuTime.record(now, totals.gcCpuTime(), processors.getAsInt()) : -1;
        return new GcActivity(totals.collections(), totals.pauseTotal(), sinceLastGc, allocationRate,
                pauseShare, recent.fullCollections(), sinceMeasured, cpuShare);
    }

    /** How long before {@code now} {@code then} was, in nanoseconds from 0 to a century: a probe may be far off. */
    private static long ageNanos(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.isNegative()) {
            return 0;
        }
        return (age.compareTo(MAX_AGE) < 0) ? age.toNanos() : MAX_AGE.toNanos();
    }

    private void notifyCollectionListeners(MemorySnapshot next) {
        notifyEach(collectionListeners, listener -> listener.accept(next), "after a collection");
    }

    private void notifyListeners(MemoryPressureChange change) {
        notifyEach(listeners, listener -> listener.accept(change),
                "on " + change.previous() + " -> " + change.current());
    }

    private <L> void notifyEach(List<L> targets, Consumer<L> call, String occasion) {
        Listeners.notifyEach(targets, call, listenerFailures, logger, "the memory pressure monitor, " + occasion);
    }

    /**
     * Builds a {@link DefaultMemoryPressureMonitor}. By default every probe reads this JVM and this machine (files
     * under {@code /}); each can be replaced, for tests or for another platform. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private PressureSettings settings = PressureSettings.defaults();

        private Clock clock = Clock.systemUTC();

        private LongSupplier ticker = System::nanoTime;

        private IntSupplier processors = Runtime.getRuntime()::availableProcessors;

        private Path fileSystemRoot = Path.of("/");

        private @Nullable MemoryProbe<HeapMemory> heapProbe;

        private @Nullable MemoryProbe<DirectMemory> directProbe;

        private @Nullable MemoryProbe<GcTotals> gcProbe;

        private @Nullable MemoryProbe<ContainerMemory> containerProbe;

        private @Nullable MemoryProbe<SystemMemory> systemProbe;

        private @Nullable MemoryProbe<PressureStall> psiProbe;

        private @Nullable GcNotifications gcNotifications;

        private @Nullable ExplicitGc explicitGc;

        private @Nullable YoungCollectionProvoker youngCollections;

        private Builder() {
        }

        /**
         * Sets the settings.
         *
         * @param settings the settings; default {@link PressureSettings#defaults()}
         * @return this builder
         */
        public Builder settings(PressureSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The wall clock that stamps snapshots, container limit changes and the last GC hint (default
         * {@link Clock#systemUTC()}); it measures no duration.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The nanosecond ticker that times every duration of the monitor: the time since the last GC, the allocation
         * rate, the GC overhead window, the growth projection and its hold, the poll cadence, the GC hint cooldown
         * and the live-set measurement intervals (default {@link System#nanoTime()}); tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         * @since 0.2.0
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets where {@code /proc} and {@code /sys} are read from by the default container and PSI probes.
         *
         * @param root the directory standing for {@code /}; default {@code /}
         * @return this builder
         */
        public Builder fileSystemRoot(Path root) {
            this.fileSystemRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Replaces the probe of {@code heap} and {@code heap-after-gc}. Each probe setter is for tests, to drive ratios
         * without filling memory: the monitor calls a probe from its polling thread and after GC notifications, never
         * concurrently with itself; the probe returns empty where the machine does not provide the value, and one that
         * throws is logged and treated as empty for that observation.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder heapProbe(Supplier<Optional<HeapMemory>> probe) {
            this.heapProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        /**
         * Replaces the probe of {@code direct}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder directProbe(Supplier<Optional<DirectMemory>> probe) {
            this.directProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        /**
         * Replaces the probe of GC counters and allocated bytes.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder gcProbe(Supplier<Optional<GcTotals>> probe) {
            this.gcProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        /**
         * Replaces the probe of {@code container}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder containerProbe(Supplier<Optional<ContainerMemory>> probe) {
            this.containerProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        /**
         * Replaces the probe of {@code system}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder systemProbe(Supplier<Optional<SystemMemory>> probe) {
            this.systemProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        /**
         * Replaces the probe of {@code psi}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder psiProbe(Supplier<Optional<PressureStall>> probe) {
            this.psiProbe = Objects.requireNonNull(probe, "probe")::get;
            return this;
        }

        Builder gcNotifications(GcNotifications gcNotifications) {
            this.gcNotifications = Objects.requireNonNull(gcNotifications, "gcNotifications");
            return this;
        }

        /** The processors available to the JVM, which bound the GC CPU share; the runtime's count by default. */
        Builder processors(IntSupplier processors) {
            this.processors = Objects.requireNonNull(processors, "processors");
            return this;
        }

        Builder explicitGc(ExplicitGc explicitGc) {
            this.explicitGc = Objects.requireNonNull(explicitGc, "explicitGc");
            return this;
        }

        Builder youngCollections(YoungCollectionProvoker youngCollections) {
            this.youngCollections = Objects.requireNonNull(youngCollections, "youngCollections");
            return this;
        }

        /**
         * Builds a monitor, not yet started: call {@link DefaultMemoryPressureMonitor#start()} to poll, or
         * {@link DefaultMemoryPressureMonitor#refresh()} to observe once.
         *
         * @return the monitor
         */
        public DefaultMemoryPressureMonitor build() {
            CgroupLocator cgroups = new CgroupLocator(fileSystemRoot);
            if (heapProbe == null) {
                heapProbe = new JvmHeapProbe();
            }
            if (directProbe == null) {
                directProbe = new JvmDirectMemoryProbe();
            }
            if (gcProbe == null) {
                gcProbe = new JvmGcProbe(clock);
            }
            if (containerProbe == null) {
                containerProbe = new CgroupMemoryProbe(cgroups);
            }
            if (systemProbe == null) {
                // /proc/meminfo where there is one (Linux): no native code at all. OSHI elsewhere, loaded lazily.
                systemProbe = ProcMeminfoProbe.isAvailable(fileSystemRoot) ? new ProcMeminfoProbe(fileSystemRoot)
                        : new OshiSystemMemoryProbe();
            }
            if (psiProbe == null) {
                psiProbe = new PressureStallProbe(cgroups);
            }
            if (gcNotifications == null) {
                gcNotifications = new JvmGcNotifications();
            }
            if (explicitGc == null) {
                explicitGc = new JvmExplicitGc();
            }
            if (youngCollections == null) {
                // Only needed where explicit collections are disabled; elsewhere no MXBean lookup at start-up.
                youngCollections = explicitGc.isDisabled() ? G1YoungCollectionProvoker.forRunningJvm()
                        : YoungCollectionProvoker.NONE;
            }
            return new DefaultMemoryPressureMonitor(this);
        }
    }

    /**
     * What one refresh read from the probes; {@code null} where a probe is disabled, empty or failed.
     *
     * @param missing    the signals whose probe was read this time and gave nothing (threw or was empty)
     * @param failed     the signals whose probe threw this time
     * @param keptFromLast the signals whose details were not read this time but taken from the last snapshot
     */
    record Observation(@Nullable HeapMemory heap, @Nullable DirectMemory direct, @Nullable GcTotals gc,
            @Nullable ContainerMemory container, @Nullable SystemMemory system, @Nullable PressureStall psi,
            Set<MemorySignal> missing, Set<MemorySignal> failed,
            Set<MemorySignal> keptFromLast) {

        /** An observation in which every probe read what it could. */
        Observation(@Nullable HeapMemory heap, @Nullable DirectMemory direct, @Nullable GcTotals gc,
                @Nullable ContainerMemory container, @Nullable SystemMemory system, @Nullable PressureStall psi) {
            this(heap, direct, gc, container, system, psi, Set.of(), Set.of(), Set.of());
        }

        /** This observation with every detail its probe failed to read replaced by the last snapshot's. */
        Observation keepingMissingDetailsOf(MemorySnapshot last) {
            return new Observation(
                    (heap == null && missing.contains(MemorySignal.HEAP)) ? last.heap() : heap,
                    (direct == null && missing.contains(MemorySignal.DIRECT)) ? last.direct() : direct, gc,
                    (container == null && missing.contains(MemorySignal.CONTAINER)) ? last.container() : container,
                    (system == null && missing.contains(MemorySignal.SYSTEM)) ? last.system() : system,
                    (psi == null && missing.contains(MemorySignal.PSI)) ? last.psi() : psi, missing, failed,
                    keptFromLast);
        }
    }

    /**
     * The probes of the enabled signals, each read defensively: a probe that throws counts as empty.
     */
    private final class Probes {

        private final MemoryProbe<HeapMemory> heap;

        private final MemoryProbe<DirectMemory> direct;

        private final MemoryProbe<GcTotals> gc;

        private final MemoryProbe<ContainerMemory> container;

        private final MemoryProbe<SystemMemory> system;

        private final MemoryProbe<PressureStall> psi;

        private final Set<MemoryProbe<?>> failing = Collections.newSetFromMap(new IdentityHashMap<>());

        /** From a builder whose build() filled in every probe not given. */
        Probes(Builder builder) {
            this.heap = Objects.requireNonNull(builder.heapProbe);
            this.direct = Objects.requireNonNull(builder.directProbe);
            this.gc = Objects.requireNonNull(builder.gcProbe);
            this.container = Objects.requireNonNull(builder.containerProbe);
            this.system = Objects.requireNonNull(builder.systemProbe);
            this.psi = Objects.requireNonNull(builder.psiProbe);
        }

        /** Releases what the probes keep open: the operating system's files. */
        void close() {
            for (MemoryProbe<?> probe : List.of(heap, direct, gc, container, system, psi)) {
                try {
                    probe.close();
                }
                catch (RuntimeException ex) {
                    logger.warn("Could not close the {} probe", probe, ex);
                }
            }
        }

        /** Reads the JVM, container and PSI probes, and the system probe or else takes its reading from {@code last}.
                */
        Observation read(MemorySnapshot last, boolean withSystem) {
            Set<MemorySignal> missing = EnumSet.noneOf(MemorySignal.class);
            Set<MemorySignal> failed = EnumSet.noneOf(MemorySignal.class);
            ContainerMemory containerReading = read(container, missing, failed, MemorySignal.CONTAINER);
            SystemMemory systemReading = withSystem ? read(system, missing, failed, MemorySignal.SYSTEM)
                    : last.system();
            return readJvmWith(containerReading, systemReading, read(psi, missing, failed, MemorySignal.PSI), missing,
                    failed, withSystem ? Set.of() : EnumSet.of(MemorySignal.SYSTEM));
        }

        /** Reads the JVM's own probes, and takes the operating system's readings from {@code last}. */
        Observation readJvm(MemorySnapshot last) {
            return readJvmWith(last.container(), last.system(), last.psi(), EnumSet.noneOf(MemorySignal.class),
                    EnumSet.noneOf(MemorySignal.class),
                    EnumSet.of(MemorySignal.CONTAINER, MemorySignal.SYSTEM, MemorySignal.PSI));
        }

        private Observation readJvmWith(@Nullable ContainerMemory containerReading,
                @Nullable SystemMemory systemReading, @Nullable PressureStall psiReading, Set<MemorySignal> missing,
                Set<MemorySignal> failed, Set<MemorySignal> keptFromLast) {
            HeapMemory heapReading = read(heap, missing, failed, MemorySignal.HEAP, MemorySignal.HEAP_AFTER_GC);
            DirectMemory directReading = read(direct, missing, failed, MemorySignal.DIRECT);
            GcTotals gcReading = read("gc", gc);
            return new Observation(heapReading, directReading, gcReading, containerReading, systemReading,
                    psiReading, missing, failed, keptFromLast);
        }

        /**
         * Reads a probe if one of its signals is enabled, and notes its enabled signals as missing (and failed, if
         * it threw) when it gives nothing.
         */
        private <T> @Nullable T read(MemoryProbe<T> probe, Set<MemorySignal> missing, Set<MemorySignal> failed,
                MemorySignal... signals) {
            if (!anyEnabled(signals)) {
                return null;
            }
            try {
                T value = readOrThrow(probe);
                if (value == null) {
                    addEnabled(signals, missing);
                }
                return value;
            }
            catch (RuntimeException ex) {
                addEnabled(signals, missing);
                addEnabled(signals, failed);
                return null;
            }
        }

        // Plain loops: this runs for each probe at every poll, where a stream allocated its pipeline each time.
        private boolean anyEnabled(MemorySignal[] signals) {
            for (MemorySignal signal : signals) {
                if (settings.isEnabled(signal)) {
                    return true;
                }
            }
            return false;
        }

        private void addEnabled(MemorySignal[] signals, Set<MemorySignal> to) {
            for (MemorySignal signal : signals) {
                if (settings.isEnabled(signal)) {
                    to.add(signal);
                }
            }
        }

        private <T> @Nullable T read(String name, MemoryProbe<T> probe) {
            try {
                return readOrThrow(probe);
            }
            catch (RuntimeException ex) {
                return null;
            }
        }

        private <T> @Nullable T readOrThrow(MemoryProbe<T> probe) {
            try {
                Optional<T> value = probe.read();
                failing.remove(probe);
                return value.orElse(null);
            }
            catch (RuntimeException ex) {
                // Warn once per failing probe, not once a second.
                if (failing.add(probe)) {
                    logger.warn("Could not read the {} memory probe; its last reading is kept, marked stale, until "
                            + "it recovers", probe, ex);
                }
                else {
                    logger.debug("The {} memory probe still fails", probe, ex);
                }
                throw ex;
            }
        }
    }

    /**
     * How often the GC hint was given or held back.
     *
     * @param enabled            whether the hint is enabled in the settings
     * @param explicitGcDisabled whether the JVM runs with {@code -XX:+DisableExplicitGC}
     * @param requested          hints given ({@code System.gc()} called)
     * @param skippedByCooldown  hints held back because the previous one was too recent
     * @param skippedExplicitGcDisabled hints held back because explicit GC is disabled
     * @param lastOutcome        the most recent outcome, or {@code null} if no hint was due yet
     * @param lastAttempt        when the most recent hint was due, or {@code null}
     * @param liveSetMeasurements collections asked for to measure the live set while HIGH or CRITICAL, or while
     *                            settling after HIGH
     * @param liveSetMeasurementsSkippedExplicitGcDisabled measurements that were due but not asked for, because
     *                                                     explicit
     *                           GC is disabled and no young collection could be provoked instead
     * @param liveSetMeasurementsProvoked measurements made, with explicit GC disabled, by provoking a young collection
     * @since 0.1.0
     */
    public record GcHintSnapshot(boolean enabled, boolean explicitGcDisabled, long requested, long skippedByCooldown,
            long skippedExplicitGcDisabled, @Nullable Outcome lastOutcome, @Nullable Instant lastAttempt,
            long liveSetMeasurements,
            long liveSetMeasurementsSkippedExplicitGcDisabled, long liveSetMeasurementsProvoked) {

        /**
         * What happened when the monitor entered HIGH or CRITICAL with the GC hint enabled, or measured the live set.
         *
         * @since 0.1.0
         */
        public enum Outcome {

            /** {@code System.gc()} was called. */
            REQUESTED,

            /** Not called: the previous hint was less than the cooldown ago. */
            SKIPPED_COOLDOWN,

            /** Not called: the JVM runs with {@code -XX:+DisableExplicitGC}, so the call would do nothing. */
            EXPLICIT_GC_DISABLED,

            /**
             * Live-set measurements only: explicit collections are disabled, so a young collection was provoked
             * instead by
             * allocating short-lived garbage (under G1, where that lets the level fall; see the live-set measurement).
             *
             * @since 0.1.0
             */
            PROVOKED
        }
    }

    /**
     * Cumulative counters since the JVM started, as read by a probe; the monitor turns them into {@link GcActivity}.
     *
     * @param collections      collections by all collectors (for ZGC and Shenandoah: cycles, not pauses)
     * @param pauseTotal       time spent in collections (for ZGC and Shenandoah: in their pauses)
     * @param lastCollectionEnd when the most recent collection ended, or {@code null} before the first
     * @param allocatedBytes   bytes allocated by all threads since start, or {@code -1} where the JVM does not count
     *                         them
     * @param gcCpuTime        CPU time of all the collector's threads since start, concurrent work included, or
     *                         {@code null} where the JVM does not report it (before JDK 26)
     * @since 0.1.0
     */
    public record GcTotals(long collections, Duration pauseTotal, @Nullable Instant lastCollectionEnd,
            long allocatedBytes, @Nullable Duration gcCpuTime) {

        /**
         * Totals of a JVM that does not report the collector's CPU time.
         *
         * @param collections       collections by all collectors
         * @param pauseTotal        time spent in collections
         * @param lastCollectionEnd when the most recent collection ended, or {@code null} before the first
         * @param allocatedBytes    bytes allocated by all threads since start, or {@code -1}
         */
        public GcTotals(long collections, Duration pauseTotal, @Nullable Instant lastCollectionEnd,
                long allocatedBytes) {
            this(collections, pauseTotal, lastCollectionEnd, allocatedBytes, null);
        }
    }
}
