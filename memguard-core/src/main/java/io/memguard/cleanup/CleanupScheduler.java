package io.memguard.cleanup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.memguard.internal.Listeners;
import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named {@link CleanupTask}s at their intervals, and all of them once more when memory pressure rises
 * to a configured level.
 *
 * <p>Tasks are isolated from each other: a tick of the {@link Timer} only hands a run to the executor,
 * so a task that runs long never delays the others; a task never runs twice at once (a tick that finds it
 * running is skipped and counted); a task that throws is logged and counted and runs again at its next
 * interval. By default the scheduler owns a timer thread and a pool of daemon threads that grows to at most
 * one thread per task running at once; {@link #close()} stops them.
 *
 * <p>{@link #expireEntries} turns any map into one whose entries expire: the task removes entries whose
 * timestamp is older than a TTL, on the scheduler's {@link Clock}.
 *
 * @since 0.1.0
 */
public final class CleanupScheduler implements PressureAware, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CleanupScheduler.class);

    private final Timer timer;

    private final Executor executor;

    private final LongSupplier ticker;

    private final Clock clock;

    private final Duration checkInterval;

    private final Duration defaultTtl;

    private final MemoryPressureLevel pressureTrigger;

    private final List<AutoCloseable> owned;

    private final ConcurrentMap<String, ScheduledCleanupTask> tasks = new ConcurrentHashMap<>();


    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private final LongAdder listenerFailures = new LongAdder();

    private CleanupScheduler(Builder builder) {
        List<AutoCloseable> resources = new ArrayList<>();
        if (builder.timer != null) {
            this.timer = builder.timer;
        }
        else {
            ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemonThreads("memguard-cleanup-timer"));
            resources.add(ticks::shutdownNow);
            this.timer = Timer.of(ticks);
        }
        if (builder.executor != null) {
            this.executor = builder.executor;
        }
        else {
            ExecutorService runs = Executors.newCachedThreadPool(daemonThreads("memguard-cleanup"));
            resources.add(runs::shutdownNow);
            this.executor = runs;
        }
        this.ticker = builder.ticker;
        this.clock = builder.clock;
        this.checkInterval = builder.checkInterval;
        this.defaultTtl = builder.defaultTtl;
        this.pressureTrigger = builder.pressureTrigger;
        this.owned = List.copyOf(resources);
    }

    /**
     * Starts building a scheduler.
     *
     * @return a builder with the defaults: own threads, {@link System#nanoTime()} and the system clock, a check interval of one minute, a
     * TTL of ten minutes and a pressure pass from {@link MemoryPressureLevel#HIGH}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code task} every {@code interval}, the first time one interval from now.
     *
     * @param name     a name unique in this scheduler, used in metrics and logs
     * @param interval the time between the end of one run and the next tick
     * @param task     the task
     * @return the registration, to read its snapshot or cancel it
     * @throws IllegalArgumentException if the name is taken or the interval is not positive
     */
    public CleanupRegistration schedule(String name, Duration interval, CleanupTask task) {
        Objects.requireNonNull(name, "name");
        requirePositive("interval", interval);
        Objects.requireNonNull(task, "task");
        ScheduledCleanupTask scheduled = new ScheduledCleanupTask(name, interval, task, executor, ticker, clock,
                this::removeCancelled);
        if (tasks.putIfAbsent(name, scheduled) != null) {
            throw new IllegalArgumentException("A cleanup task named '" + name
                    + "' is scheduled already; give each task its own name");
        }
        try {
            scheduled.start(timer);
        }
        catch (RuntimeException ex) {
            tasks.remove(name, scheduled);
            throw ex;
        }
        Listeners.notifyEach(listeners, listener -> listener.onScheduled(scheduled), listenerFailures, logger,
                this);
        return scheduled;
    }

    private void removeCancelled(ScheduledCleanupTask cancelled) {
        if (tasks.remove(cancelled.name(), cancelled)) {
            Listeners.notifyEach(listeners, listener -> listener.onCancelled(cancelled), listenerFailures, logger,
                    this);
        }
    }

    /**
     * The registered tasks, sorted by name.
     *
     * @return a snapshot of the registrations
     */
    public List<CleanupRegistration> tasks() {
        return tasks.values().stream().sorted(Comparator.comparing(ScheduledCleanupTask::name))
                .map(CleanupRegistration.class::cast).toList();
    }

    /**
     * Adds a listener told of tasks scheduled and cancelled from now on; call {@link #tasks()} after it for
     * those scheduled already.
     *
     * @param listener the listener
     */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * How many times a listener threw since this scheduler was created (each is logged, and the others still hear).
     *
     * @return the count
     */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * Removes, every check interval, the entries of {@code map} whose timestamp is older than the default TTL.
     *
     * @param name        the task's name
     * @param map         the map; it must be safe for concurrent use if others use it meanwhile
     * @param timestampOf the time an entry was last written or used, from its value
     * @param <K>         the type of keys
     * @param <V>         the type of values
     * @return the registration
     * @see #expireEntries(String, Map, Function, Duration)
     */
    public <K, V> CleanupRegistration expireEntries(String name, Map<K, V> map,
            Function<? super V, Instant> timestampOf) {
        return expireEntries(name, map, timestampOf, defaultTtl);
    }

    /**
     * Removes, every check interval, the entries of {@code map} whose timestamp is older than {@code ttl}.
     *
     * @param name        the task's name
     * @param map         the map; it must be safe for concurrent use if others use it meanwhile
     * @param timestampOf the time an entry was last written or used, from its value
     * @param ttl         how long an entry lives after its timestamp
     * @param <K>         the type of keys
     * @param <V>         the type of values
     * @return the registration
     */
    public <K, V> CleanupRegistration expireEntries(String name, Map<K, V> map,
            Function<? super V, Instant> timestampOf, Duration ttl) {
        return schedule(name, checkInterval, new ExpiringEntries<>(map, timestampOf, ttl, clock));
    }

    /**
     * Starts a run of every task now, skipping those under way.
     *
     * @return how many runs were started
     */
    public int runAll() {
        int started = 0;
        for (ScheduledCleanupTask task : tasks.values()) {
            if (task.runNow()) {
                started++;
            }
        }
        return started;
    }

    /**
     * Runs every task once more when the level rises to the pressure trigger or above.
     *
     * @param previous the level told before
     * @param current  the effective level now
     */
    @Override
    public void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current) {
        if (current.compareTo(previous) > 0 && current.isAtLeast(pressureTrigger)) {
            int started = runAll();
            logger.info("Memory pressure rose to {}: started an extra pass of {} cleanup task(s)", current, started);
        }
    }

    /**
     * Finds a task by name.
     *
     * @param name the task's name
     * @return its registration, or empty
     */
    public Optional<CleanupRegistration> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    /**
     * What every task has done so far.
     *
     * @return a snapshot of every task, sorted by name
     */
    public List<CleanupRegistration.Snapshot> snapshots() {
        return tasks.values().stream().map(ScheduledCleanupTask::snapshot)
                .sorted(Comparator.comparing(CleanupRegistration.Snapshot::name)).toList();
    }

    /**
     * The level from which a rise of memory pressure runs an extra pass.
     *
     * @return the pressure trigger
     */
    public MemoryPressureLevel pressureTrigger() {
        return pressureTrigger;
    }

    /** Cancels every task and stops the threads this scheduler owns. */
    @Override
    public void close() {
        for (ScheduledCleanupTask task : List.copyOf(tasks.values())) {
            task.cancel();
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            }
            catch (Exception ex) {
                logger.warn("Could not stop a cleanup thread pool", ex);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static Duration requirePositive(String argument, Duration duration) {
        Objects.requireNonNull(duration, argument);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(argument + " must be positive, was " + duration);
        }
        return duration;
    }

    /**
     * Told when a task is scheduled or cancelled.
     *
     * @since 0.1.0
     */
    public interface Listener {

        /**
         * A task was scheduled.
         *
         * @param task its registration
         */
        default void onScheduled(CleanupRegistration task) {
        }

        /**
         * A task was cancelled.
         *
         * @param task its registration
         */
        default void onCancelled(CleanupRegistration task) {
        }
    }

    /**
     * Builds a {@link CleanupScheduler}. Each setter checks its argument at once.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private @Nullable Timer timer;

        private @Nullable Executor executor;

        private LongSupplier ticker = System::nanoTime;

        private Clock clock = Clock.systemUTC();

        private Duration checkInterval = Duration.ofMinutes(1);

        private Duration defaultTtl = Duration.ofMinutes(10);

        private MemoryPressureLevel pressureTrigger = MemoryPressureLevel.HIGH;

        private Builder() {
        }

        /**
         * What ticks the tasks. Default: a timer thread of the scheduler's own.
         *
         * @param timer the timer
         * @return this builder
         */
        public Builder timer(Timer timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * What runs the tasks. It must be able to run as many tasks at once as there are tasks, or a slow task
         * delays the others. Default: the scheduler's own pool of daemon threads.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The nanosecond ticker that times runs. Default: {@link System#nanoTime()}; tests pass a manual one.
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * The wall clock that stamps runs, and against which {@link #expireEntries} tasks compare the timestamps
         * (instants) of the entries. Default: {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How often {@link #expireEntries} tasks look for expired entries. Default one minute.
         *
         * @param checkInterval a positive duration
         * @return this builder
         */
        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = requirePositive("checkInterval", checkInterval);
            return this;
        }

        /**
         * The TTL of {@link #expireEntries} tasks registered without one. Default ten minutes.
         *
         * @param defaultTtl a positive duration
         * @return this builder
         */
        public Builder defaultTtl(Duration defaultTtl) {
            this.defaultTtl = requirePositive("defaultTtl", defaultTtl);
            return this;
        }

        /**
         * The level from which a rise of memory pressure runs an extra pass of every task. Default
         * {@link MemoryPressureLevel#HIGH}.
         *
         * @param pressureTrigger LOW, MODERATE, HIGH or CRITICAL
         * @return this builder
         */
        public Builder pressureTrigger(MemoryPressureLevel pressureTrigger) {
            Objects.requireNonNull(pressureTrigger, "pressureTrigger");
            if (pressureTrigger == MemoryPressureLevel.NONE) {
                throw new IllegalArgumentException("pressureTrigger must be above NONE: the level never rises to NONE");
            }
            this.pressureTrigger = pressureTrigger;
            return this;
        }

        /**
         * Builds the scheduler.
         *
         * @return a new scheduler without tasks
         */
        public CleanupScheduler build() {
            return new CleanupScheduler(this);
        }
    }

    /**
     * What ticks the {@link CleanupScheduler}: memguard's own timer thread, or an adapter of the application's
     * scheduler (Spring's {@code TaskScheduler}). A tick only hands the task to the scheduler's executor, so a
     * slow task never delays the ticks of the others.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Timer {

        /**
         * Runs {@code tick} every {@code interval}, the first time one interval from now.
         *
         * @param tick     what to run; quick and never throwing
         * @param interval the time between the end of one tick and the start of the next
         * @return a future whose {@code cancel} stops the ticks
         */
        Future<?> scheduleWithFixedDelay(Runnable tick, Duration interval);

        /**
         * A timer backed by a {@link ScheduledExecutorService}.
         *
         * @param executor the executor that runs the ticks
         * @return the timer
         */
        static Timer of(ScheduledExecutorService executor) {
            return (tick, interval) -> executor.scheduleWithFixedDelay(tick, interval.toNanos(), interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }
}
