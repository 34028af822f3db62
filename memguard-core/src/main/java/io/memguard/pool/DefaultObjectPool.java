package io.memguard.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jctools.queues.MpmcArrayQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.memguard.internal.Arguments;
import io.memguard.internal.Callers;
import io.memguard.internal.IdentityIndex;
import io.memguard.internal.Listeners;
import io.memguard.internal.PressureRetention;
import io.memguard.internal.VirtualThreads;
import io.memguard.pool.ObjectPool.AbandonedObject;
import io.memguard.pressure.MemoryPressureLevel;

/**
 * The {@link ObjectPool} that {@link ObjectPool.Builder} builds.
 *
 * <h2>Algorithm</h2>
 * Every object has a {@link PooledEntry}, found again on return through an {@link IdentityIndex}. Idle objects
 * wait in two places: each platform thread's {@link HotSlot}, which holds the one object that thread returned last
 * and is its first choice on the next borrow, and a bounded lock-free MPMC queue sized to the pool's maximum,
 * shared by all. The number of objects that exist is an atomic counter, raised with a compare-and-set before the
 * factory runs, so the maximum is never passed.
 * <ul>
 * <li>Borrow takes the thread's hot slot, else polls the queue, else creates an object if the counter allows,
 * else waits: only this path takes the lock. A waiter counts itself in {@code waiters}, then looks at the queue
 * and steals from every hot slot before it sleeps.</li>
 * <li>Return moves the entry BORROWED to IDLE (the ownership check), runs the reset hook, keeps the entry in the
 * thread's hot slot if it is empty or else offers it to the queue, and then signals under the lock only if
 * {@code waiters} is not zero. Publish-then-read-waiters against count-then-look means that either the waiter sees
 * the object or the returner sees the waiter.</li>
 * </ul>
 * <p>Abandoned objects: borrowing reads no clock. Each detection stamps a borrowed object it has not seen yet with
 * the clock's time, and reports an object whose stamp is at least the abandoned timeout old: never an object
 * borrowed for less than the timeout, at most one detection interval late. A borrow clears the stamp. Detections
 * run at once (the scheduler, exhausted borrowers): each stamps and reports with a compare-and-set on the entry's
 * word, so a borrow is reported exactly once, and never by a detection that saw an earlier borrow (see
 * {@link PooledEntry}).
 *
 * <p>At CRITICAL pressure {@link PressureRetention} makes returns destroy their object; a return that offered before
 * seeing the pause drains the queue after the offer, so that nothing slips in after the purge.
 */
final class DefaultObjectPool<T> implements ObjectPool<T> {

    private static final Logger logger = LoggerFactory.getLogger(ObjectPool.class);

    /** The classes whose frames top a borrowing stack, dropped from abandoned-object reports. */
    private static final Set<String> POOL_TYPES = Set.of(DefaultObjectPool.class.getName(),
            ObjectPool.class.getName(), PooledObjectLease.class.getName());

    private final String name;

    private final Supplier<? extends T> factory;

    private final Consumer<? super T> reset;

    private final Consumer<? super T> destroy;

    private final int maxSize;

    private final Duration borrowTimeout;

    private final long abandonedTimeoutMillis;

    private final boolean captureBorrowStack;

    private final LongSupplier ticker;

    /** The ticker's reading when the pool was built, from which the entries count their first-seen times. */
    private final long originNanos;

    private final IdentityIndex<PooledEntry<T>> entries = new IdentityIndex<>();

    private final MpmcArrayQueue<PooledEntry<T>> idle;

    private final ThreadLocal<HotSlot<T>> hotSlot = ThreadLocal.withInitial(this::newHotSlot);

    /** Every thread's hot slot, for waiters to steal from and trims to empty. */
    private final CopyOnWriteArrayList<HotSlot<T>> hotSlots = new CopyOnWriteArrayList<>();

    private final AtomicInteger allocated = new AtomicInteger();

    private final AtomicInteger waiters = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition returned = lock.newCondition();

    private final CopyOnWriteArrayList<Consumer<AbandonedObject>> listeners;

    /** Borrows by threads without a hot slot (virtual threads) and by threads whose slot was retired. */
    private final LongAdder borrowed = new LongAdder();

    /** Guards retiring hot slots against statistics summing their borrow counts. */
    private final Object hotSlotsLock = new Object();

    private final LongAdder created = new LongAdder();

    private final LongAdder createdForBorrow = new LongAdder();

    private final LongAdder destroyed = new LongAdder();

    private final LongAdder timeouts = new LongAdder();

    private final LongAdder abandoned = new LongAdder();

    private final LongAdder callbackFailures = new LongAdder();

    /** Kept, with the next, so that running a hook allocates nothing: reset runs at every release. */
    private final Listeners.FailureHandler resetFailed = hookFailed("reset");

    private final Listeners.FailureHandler destroyFailed = hookFailed("destroy");

    private final PressureRetention retention;

    DefaultObjectPool(ObjectPool.Builder<T> builder) {
        this.name = builder.name();
        this.factory = builder.factory();
        this.reset = builder.resetHook();
        this.destroy = builder.destroyHook();
        this.maxSize = builder.maxSize();
        this.borrowTimeout = builder.borrowTimeout();
        this.abandonedTimeoutMillis = builder.abandonedTimeout().toMillis();
        this.captureBorrowStack = builder.captureBorrowStack();
        this.retention = new PressureRetention(builder.highPressureTrim(), this::trimIdle);
        this.ticker = builder.ticker();
        this.originNanos = ticker.getAsLong();
        this.listeners = new CopyOnWriteArrayList<>(builder.listeners());
        this.idle = new MpmcArrayQueue<>(Math.max(2, maxSize));
        for (int i = 0; i < builder.initialSize(); i++) {
            idle.offer(create());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public T borrow() {
        return borrow(borrowTimeout);
    }

    @Override
    public T borrow(Duration timeout) {
        Arguments.notNegative(timeout, "timeout");
        HotSlot<T> slot = hotSlot.get();
        PooledEntry<T> entry = slot == null ? null : slot.take();
        if (entry == null) {
            entry = idle.poll();
        }
        if (entry == null) {
            entry = createForBorrow();
            if (entry == null) {
                entry = awaitReturn(timeout);
            }
        }
        if (abandonedTimeoutMillis > 0) {
            entry.borrowingThread = Thread.currentThread().getName();
            if (captureBorrowStack) {
                entry.borrowOrigin = new Throwable("borrowed here");
            }
        }
        entry.lend();
        if (slot != null) {
            slot.countBorrow();
        }
        else {
            borrowed.increment();
        }
        return entry.object;
    }

    @Override
    public void release(T object) {
        Objects.requireNonNull(object, "object");
        PooledEntry<T> entry = entries.find(object);
        if (entry == null) {
            throw new IllegalArgumentException("Cannot return a " + object.getClass().getName() + " to object pool '"
                    + name + "' that did not lend it (or one already returned and since destroyed):"
                    + " return exactly the object borrow() returned, once");
        }
        if (!entry.giveBack()) {
            throw new IllegalStateException("Cannot return a " + object.getClass().getName()
                    + " to object pool '" + name + "' twice: it was already returned;"
                    + " return each borrowed object exactly once");
        }
        entry.borrowOrigin = null;
        if (!Listeners.run(object, reset, resetFailed)) {
            letGo(entry);
        }
        else if (retention.paused()) {
            letGo(entry);
        }
        else {
            HotSlot<T> slot = hotSlot.get();
            if (slot == null || !slot.keep(entry)) {
                idle.offer(entry);
            }
            if (retention.paused()) {
                // A CRITICAL purge may have passed before the offer: purge again, this one included.
                trimIdle(1.0);
            }
        }
        signalWaiter();
    }

    @Override
    public List<AbandonedObject> detectAbandoned() {
        if (abandonedTimeoutMillis == 0) {
            return List.of();
        }
        List<AbandonedObject> found = new ArrayList<>();
        entries.forEach(entry -> {
            long watch = entry.watch();
            if (PooledEntry.stateOf(watch) != PooledEntry.BORROWED || PooledEntry.isReported(watch)) {
                return;
            }
            // Read after the borrow was seen: a stamp is never earlier than the borrow it is for.
            long now = millisSinceOrigin();
            if (!PooledEntry.isSeen(watch)) {
                entry.markSeen(watch, now);
                return;
            }
            long borrowedFor = now - PooledEntry.seenAt(watch);
            if (borrowedFor < abandonedTimeoutMillis) {
                return;
            }
            // Read before the compare-and-set, and used only if it wins: they then belong to the borrow it saw.
            // A borrowed entry was lent, and the borrower writes its thread before lending publishes the borrow.
            String thread = Objects.requireNonNull(entry.borrowingThread, "borrowingThread");
            Throwable origin = entry.borrowOrigin;
            if (entry.markReported(watch)) {
                found.add(new AbandonedObject(name, entry.object.getClass().getName(), Duration.ofMillis(borrowedFor),
                        thread, origin == null ? List.of() : Callers.of(origin, POOL_TYPES)));
            }
        });
        for (AbandonedObject object : found) {
            abandoned.increment();
            logger.warn("memguard: {}", object.describe());
            Listeners.notifyEach(listeners, listener -> listener.accept(object), callbackFailures, logger, this);
        }
        return found;
    }

    @Override
    public void trimIdle(double fraction) {
        Arguments.fraction(fraction, "fraction");
        int toTrim = (int) Math.ceil(available() * fraction);
        for (int i = 0; i < toTrim; i++) {
            PooledEntry<T> entry = idle.poll();
            if (entry == null) {
                entry = stealHot();
            }
            if (entry == null) {
                break;
            }
            letGo(entry);
        }
        signalWaiter();
    }

    @Override
    public void adjustTo(MemoryPressureLevel level) {
        retention.adjustTo(retention.level(), level);
    }

    @Override
    public ObjectPoolSnapshot snapshot() {
        int size = allocated.get();
        int available = Math.min(size, available());
        long borrows = borrows();
        long reused = Math.max(0, borrows - createdForBorrow.sum());
        return new ObjectPoolSnapshot(name, maxSize, size, size - available, available, created.sum(),
                destroyed.sum(), borrows, reused, borrows == 0 ? 0.0 : (double) reused / borrows, timeouts.sum(),
                waiters.get(), abandoned.sum(), callbackFailures.sum());
    }

    @Override
    public void addListener(Consumer<AbandonedObject> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<AbandonedObject> listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        retention.close();
    }

    @Override
    public String toString() {
        return "ObjectPool '" + name + "'";
    }

    private long millisSinceOrigin() {
        return (ticker.getAsLong() - originNanos) / 1_000_000;
    }

    /** Creates an object if the pool is below its maximum; {@code null} if it is not. */
    private @Nullable PooledEntry<T> create() {
        int size;
        do {
            size = allocated.get();
            if (size >= maxSize) {
                return null;
            }
        } while (!allocated.compareAndSet(size, size + 1));
        try {
            T object = factory.get();
            if (object == null) {
                throw new IllegalStateException("The factory of object pool '" + name + "' returned null");
            }
            if (entries.find(object) != null) {
                throw new IllegalStateException("The factory of object pool '" + name
                        + "' returned an object already in the pool: it must make a new object each time");
            }
            PooledEntry<T> entry = new PooledEntry<>(object);
            entries.add(entry);
            created.increment();
            return entry;
        }
        catch (RuntimeException | Error ex) {
            allocated.decrementAndGet();
            signalWaiter();
            throw ex;
        }
    }

    private @Nullable PooledEntry<T> createForBorrow() {
        PooledEntry<T> entry = create();
        if (entry != null) {
            createdForBorrow.increment();
        }
        return entry;
    }

    private PooledEntry<T> awaitReturn(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiters.incrementAndGet();
        try {
            if (!timeout.isZero()) {
                detectAbandoned();
            }
            for (;;) {
                PooledEntry<T> entry = idle.poll();
                if (entry == null) {
                    entry = stealHot();
                }
                if (entry == null) {
                    entry = createForBorrow();
                }
                if (entry != null) {
                    return entry;
                }
                lock.lockInterruptibly();
                try {
                    if (available() == 0 && allocated.get() >= maxSize) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            timeouts.increment();
                            throw new PoolExhaustedException("Object pool '" + name + "' is exhausted: all "
                                    + maxSize + " objects stayed borrowed for " + timeout + ". Return objects"
                                    + " sooner, raise the pool's max size, or raise its borrow timeout", null);
                        }
                        returned.awaitNanos(remaining);
                    }
                }
                finally {
                    lock.unlock();
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PoolExhaustedException("Interrupted while waiting for an object of pool '" + name + "'", ex);
        }
        finally {
            waiters.decrementAndGet();
        }
    }

    private @Nullable HotSlot<T> newHotSlot() {
        Thread thread = Thread.currentThread();
        if (VirtualThreads.isVirtual(thread)) {
            return null;
        }
        HotSlot<T> slot = new HotSlot<>(thread);
        synchronized (hotSlotsLock) {
            for (HotSlot<T> other : hotSlots) {
                if (other.ownerEnded()) {
                    PooledEntry<T> left = other.take();
                    if (left != null) {
                        idle.offer(left);
                    }
                    // Its owner ended: the count is final, and moves to the shared counter with the slot's removal.
                    borrowed.add(other.borrows());
                    hotSlots.remove(other);
                }
            }
            hotSlots.add(slot);
        }
        return slot;
    }

    private long borrows() {
        synchronized (hotSlotsLock) {
            long borrows = borrowed.sum();
            for (HotSlot<T> slot : hotSlots) {
                borrows += slot.borrows();
            }
            return borrows;
        }
    }

    private @Nullable PooledEntry<T> stealHot() {
        for (HotSlot<T> slot : hotSlots) {
            PooledEntry<T> entry = slot.take();
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** Idle objects now, in the queue and in hot slots. */
    private int available() {
        int available = idle.size();
        for (HotSlot<T> slot : hotSlots) {
            if (slot.holdsOne()) {
                available++;
            }
        }
        return available;
    }

    private void signalWaiter() {
        if (waiters.get() > 0) {
            lock.lock();
            try {
                returned.signal();
            }
            finally {
                lock.unlock();
            }
        }
    }

    private void letGo(PooledEntry<T> entry) {
        entry.destroyed();
        entries.remove(entry);
        allocated.decrementAndGet();
        destroyed.increment();
        Listeners.run(entry.object, destroy, destroyFailed);
    }

    private Listeners.FailureHandler hookFailed(String which) {
        return (object, ex) -> {
            callbackFailures.increment();
            logger.warn("memguard: the {} hook of object pool '{}' failed on a {}; the object is destroyed and the"
                    + " pool carries on", which, name, object.getClass().getName(), ex);
        };
    }

}
