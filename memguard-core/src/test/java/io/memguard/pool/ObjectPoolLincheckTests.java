package io.memguard.pool;

import java.time.Duration;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import io.memguard.testing.ModelChecking;
import io.memguard.testing.TestClock;
import io.memguard.testing.ThreadHands;

/**
 * Model checks {@link DefaultObjectPool}'s borrow, return and abandoned-object detection with Lincheck: every
 * interleaving of a few threads, up to Lincheck's bounds, must give results some one-thread order of the same calls
 * gives.
 *
 * <p>Each interleaving starts with one object borrowed and kept past the abandoned timeout, and the clock stands
 * still: the first detection reports it, every later one reports nothing, however many run at once. Two more
 * objects may be borrowed (without waiting) and returned; a borrow registers what it got in a
 * {@link io.memguard.testing.HolderMap}, so an object lent while another holder holds it fails the borrow. After each
 * interleaving the counters balance.
 */
public class ObjectPoolLincheckTests {

    private static final int THREADS = 3;

    private static final int MAX_SIZE = 3;

    private final TestClock clock = new TestClock();

    private final ObjectPool<Object> pool = ObjectPool.builder("checked", Object::new).maxSize(MAX_SIZE)
            .borrowTimeout(Duration.ZERO).abandonedTimeout(Duration.ofSeconds(1)).ticker(clock.ticker()).build();

    private final ThreadHands<Object> hands = new ThreadHands<>(THREADS);

    /** Lincheck makes one instance per interleaving it runs; each starts with one object abandoned. */
    public ObjectPoolLincheckTests() {
        pool.borrow();
        pool.detectAbandoned();
        clock.advance(Duration.ofSeconds(1));
    }

    /**
     * Borrows without waiting, and keeps the object in the calling thread's hand.
     *
     * @param thread Lincheck's id of the calling thread
     * @return whether an object was lent; an {@link AssertionError} if another holder holds it
     */
    @Operation
    public boolean borrow(@Param(gen = ThreadIdGen.class) int thread) {
        Object object;
        try {
            object = pool.borrow();
        }
        catch (PoolExhaustedException ex) {
            return false;
        }
        hands.keep(thread, object);
        return true;
    }

    /**
     * Returns the object the calling thread borrowed last, if it holds one.
     *
     * @param thread Lincheck's id of the calling thread
     * @return whether there was an object to return
     */
    @Operation
    public boolean release(@Param(gen = ThreadIdGen.class) int thread) {
        return hands.giveBackLast(thread, pool::release);
    }

    /** @return how many objects this detection reported */
    @Operation
    public int detectAbandoned() {
        return pool.detectAbandoned().size();
    }

    @Validate
    public void countersBalance() {
        int holding = hands.held();
        ObjectPoolSnapshot stats = pool.snapshot();
        if (stats.inUse() != holding + 1 || stats.allocated() > MAX_SIZE || stats.abandoned() > 1
                || stats.created() - stats.destroyed() != stats.allocated()) {
            throw new IllegalStateException("Broken: " + holding + " objects held besides the abandoned one, but "
                    + stats);
        }
    }

    @Test
    void borrowReturnAndDetectionAreLinearizable() {
        // A report logs a warning: keep logging, which is no part of the pool, out of the model checker's way.
        Logger poolLogger = (Logger) LoggerFactory.getLogger(ObjectPool.class);
        Level level = poolLogger.getLevel();
        poolLogger.setLevel(Level.OFF);
        try {
            ModelChecking.options().iterations(10).invocationsPerIteration(200).threads(THREADS).actorsPerThread(2)
                    .actorsBefore(1).actorsAfter(1).check(ObjectPoolLincheckTests.class);
        }
        finally {
            poolLogger.setLevel(level);
        }
    }
}
