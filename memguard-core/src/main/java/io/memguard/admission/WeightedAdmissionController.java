package io.memguard.admission;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.admission.AdmissionController.AdmissionDecision;
import io.memguard.admission.AdmissionController.Priority;
import io.memguard.internal.Listeners;
import io.memguard.pressure.MemorySignal;
import io.memguard.pressure.MemorySnapshot;
import io.memguard.pressure.MemorySnapshot.SignalReading;

/*
 * The in-flight weight is one AtomicLong. Admission adds the request's weight with a compare-and-set when the sum
 * stays within the priority's cap of the limit, or when nothing is in flight at all (so that a request heavier than
 * the whole limit still runs, alone, instead of never). Exit subtracts it. Neither locks nor allocates.
 *
 * A request that does not fit takes the lock and waits on a condition for an exit or a wider limit, at most the
 * queue timeout; a full queue refuses at once. While anyone waits, arrivals skip the lock-free attempt and queue too,
 * so that a stream of light requests cannot starve a waiting heavy one of every gap. Exits and limit increases signal
 * the waiters only when the (volatile) count of waiters says there are some, so the calm path never touches the lock.
 * The wait itself is real time (Condition.awaitNanos); only the loop reads the injected ticker.
 *
 * The limit is a volatile long written by the thread that feeds snapshots (the monitor's refresh thread, one at a
 * time: the loop is guarded by its own lock so that a second feeder cannot interleave). A shrinking limit does not
 * touch admitted work: it only stops new work until the in-flight weight falls below it.
 */
final class WeightedAdmissionController implements AdmissionController {

    private static final Logger logger = LoggerFactory.getLogger(WeightedAdmissionController.class);

    private final HeadroomLoop loop;

    private final long minLimit;

    private final long maxLimit;

    private final double target;

    private final long queueTimeoutNanos;

    private final int queueCapacity;

    private final LongSupplier ticker;

    private final AtomicLong inFlight = new AtomicLong();

    private volatile long limit;

    private final ReentrantLock queueLock = new ReentrantLock();

    private final Condition room = queueLock.newCondition();

    // Written under queueLock, read without it.
    private volatile int queued;

    // Set by the waiting and refusing paths, cleared by the loop: whether the limit held anybody back since the last
    // snapshot.
    private volatile boolean binding;

    private final Object loopLock = new Object();

    private volatile double lastRatio = -1;

    private volatile double lastProjected = -1;

    private final LongAdder admitted = new LongAdder();

    private final LongAdder admittedAfterWait = new LongAdder();

    private final LongAdder refusedQueueFull = new LongAdder();

    private final LongAdder refusedTimeout = new LongAdder();

    private final LongAdder cuts = new LongAdder();

    private final LongAdder listenerFailures = new LongAdder();

    private final CopyOnWriteArrayList<DoubleConsumer> listeners = new CopyOnWriteArrayList<>();

    WeightedAdmissionController(AdmissionController.Builder settings, long minLimit) {
        this.minLimit = minLimit;
        this.maxLimit = settings.maxLimit;
        this.target = settings.target;
        this.queueTimeoutNanos = settings.queueTimeout.toNanos();
        this.queueCapacity = settings.queueCapacity;
        this.ticker = settings.ticker;
        this.loop = new HeadroomLoop(settings, minLimit, maxLimit);
        this.limit = maxLimit;
    }

    @Override
    public AdmissionDecision enter(long weight, Priority priority) throws InterruptedException {
        checkWeight(weight);
        Objects.requireNonNull(priority, "priority");
        if (queued == 0 && tryAdd(weight, priority)) {
            admitted.increment();
            return AdmissionDecision.ADMITTED;
        }
        return waitForRoom(weight, priority);
    }

    @Override
    public AdmissionDecision tryEnter(long weight, Priority priority) {
        checkWeight(weight);
        Objects.requireNonNull(priority, "priority");
        if (queued == 0 && tryAdd(weight, priority)) {
            admitted.increment();
            return AdmissionDecision.ADMITTED;
        }
        binding = true;
        refusedQueueFull.increment();
        return AdmissionDecision.REFUSED_QUEUE_FULL;
    }

    private static void checkWeight(long weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, was " + weight);
        }
    }

    private boolean tryAdd(long weight, Priority priority) {
        long cap = priority.capOf(limit);
        for (;;) {
            long current = inFlight.get();
            if (current != 0 && current + weight > cap) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + weight)) {
                return true;
            }
        }
    }

    private AdmissionDecision waitForRoom(long weight, Priority priority) throws InterruptedException {
        queueLock.lockInterruptibly();
        try {
            binding = true;
            if (queued >= queueCapacity) {
                refusedQueueFull.increment();
                return AdmissionDecision.REFUSED_QUEUE_FULL;
            }
            queued++;
            try {
                long remaining = queueTimeoutNanos;
                for (;;) {
                    if (tryAdd(weight, priority)) {
                        admittedAfterWait.increment();
                        return AdmissionDecision.ADMITTED_AFTER_WAIT;
                    }
                    if (remaining <= 0) {
                        refusedTimeout.increment();
                        return AdmissionDecision.REFUSED_TIMEOUT;
                    }
                    remaining = room.awaitNanos(remaining);
                }
            }
            finally {
                queued--;
            }
        }
        finally {
            queueLock.unlock();
        }
    }

    @Override
    public void exit(long weight) {
        checkWeight(weight);
        for (;;) {
            long current = inFlight.get();
            if (current < weight) {
                throw new IllegalStateException("exit(" + weight + ") with only " + current
                        + " bytes of admitted work in flight");
            }
            if (inFlight.compareAndSet(current, current - weight)) {
                break;
            }
        }
        if (queued != 0) {
            signalWaiters();
        }
    }

    private void signalWaiters() {
        queueLock.lock();
        try {
            room.signalAll();
        }
        finally {
            queueLock.unlock();
        }
    }

    @Override
    public void onSnapshot(MemorySnapshot snapshot) {
        double ratio = drivingRatio(snapshot);
        if (ratio < 0) {
            return;
        }
        long before;
        long after;
        synchronized (loopLock) {
            boolean wasBinding = binding;
            binding = false;
            before = limit;
            long load = inFlight.get();
            // Worth growing: the limit held somebody back, or the work reaches half of it. Work that runs well under
            // the limit gains nothing from a higher one, and a limit grown unused would let a flood in at once. An idle
            // controller (executors only, or no traffic) grows back toward the maximum it started from.
            boolean used = wasBinding || load == 0 || load >= before / 2;
            after = loop.observe(ticker.getAsLong(), ratio, used, load);
            limit = after;
            lastRatio = ratio;
            lastProjected = loop.projected();
        }
        if (after < before) {
            cuts.increment();
        }
        if (after != before) {
            if (after > before && queued != 0) {
                signalWaiters();
            }
            double openness = openness(after);
            Listeners.notifyEach(listeners, (listener) -> listener.accept(openness), listenerFailures,
                    logger, this);
        }
    }

    /** The fuller of the two signals that measure what requests hold: the live heap and the container. */
    private static double drivingRatio(MemorySnapshot snapshot) {
        double ratio = -1;
        SignalReading heap = snapshot.signals().get(MemorySignal.HEAP_AFTER_GC);
        if (heap != null) {
            ratio = heap.ratio();
        }
        SignalReading container = snapshot.signals().get(MemorySignal.CONTAINER);
        if (container != null) {
            ratio = Math.max(ratio, container.ratio());
        }
        return ratio;
    }

    @Override
    public void addLimitListener(DoubleConsumer listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeLimitListener(DoubleConsumer listener) {
        listeners.remove(listener);
    }

    @Override
    public AdmissionSnapshot snapshot() {
        return new AdmissionSnapshot(limit, minLimit, maxLimit, inFlight.get(), queued, queueCapacity, target,
                lastRatio, lastProjected, admitted.sum(), admittedAfterWait.sum(), refusedQueueFull.sum(),
                refusedTimeout.sum(), cuts.sum());
    }

    @Override
    public long limit() {
        return limit;
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }

    @Override
    public double openness() {
        return openness(limit);
    }

    private double openness(long value) {
        return (maxLimit == minLimit) ? 1.0 : (double) (value - minLimit) / (maxLimit - minLimit);
    }

    /** Limit listeners that threw, since start. */
    long listenerFailures() {
        return listenerFailures.sum();
    }
}
