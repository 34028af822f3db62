package io.memguard.buffer;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

import io.memguard.buffer.BufferPool.LeakDetection;
import io.memguard.testing.ModelChecking;
import io.memguard.testing.ThreadHands;

/**
 * Model checks {@link DefaultBufferPool}'s acquire and release with Lincheck: every interleaving of a few threads
 * that acquire and release, up to Lincheck's bounds, must give results some one-thread order of the same calls
 * gives. Buffers go through the shared queue only (no thread caches), two buffers at most are retained, so that
 * acquire sees a buffer that another thread released and releases run into the bound.
 *
 * <p>An acquire answers whether it reused a released buffer, and registers what it got in a
 * {@link io.memguard.testing.HolderMap}: a buffer handed out while another holder holds it fails the acquire, which
 * no one-thread order can do. After each interleaving the pool's counters must balance.
 */
public class BufferPoolLincheckTests {

    private static final int SIZE = 64;

    private static final int MAX_RETAINED = 2;

    private static final int THREADS = 3;

    private final BufferPool pool = BufferPool.builder().buckets(SIZE).maxPerBucket(MAX_RETAINED).threadCacheSize(0)
            .leakDetection(LeakDetection.DISABLED).build();

    private final ThreadHands<ByteBuffer> hands = new ThreadHands<>(THREADS);

    /** Every buffer the pool ever handed out, by identity. */
    private final Set<ByteBuffer> handedOut = Collections
            .synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** Lincheck makes one instance per interleaving it runs. */
    public BufferPoolLincheckTests() {
    }

    /**
     * Acquires a buffer and keeps it in the calling thread's hand.
     *
     * @param thread Lincheck's id of the calling thread
     * @return "reused" or "created"; an {@link AssertionError} if another holder holds the buffer
     */
    @Operation
    public String acquire(@Param(gen = ThreadIdGen.class) int thread) {
        ByteBuffer buffer = pool.acquire(SIZE);
        hands.keep(thread, buffer);
        return handedOut.add(buffer) ? "created" : "reused";
    }

    /**
     * Releases the buffer the calling thread acquired last, if it holds one.
     *
     * @param thread Lincheck's id of the calling thread
     * @return whether there was a held buffer to release
     */
    @Operation
    public boolean release(@Param(gen = ThreadIdGen.class) int thread) {
        return hands.giveBackLast(thread, pool::release);
    }

    @Validate
    public void countersBalance() {
        hands.giveBackAll(pool::release);
        BufferPoolSnapshot.Bucket stats = pool.snapshot().bucket(SIZE);
        check(stats.acquired() == stats.released(), "acquired == released", stats);
        check(stats.inUse() == 0, "nothing in use", stats);
        check(stats.hits() + stats.misses() == stats.acquired(), "hits + misses == acquired", stats);
        check(stats.retained() <= MAX_RETAINED, "retained <= " + MAX_RETAINED, stats);
        check(stats.misses() == stats.retained() + stats.dropped() + stats.trimmed(),
                "every buffer created is retained, dropped or trimmed", stats);
        check(((DefaultBufferPool) pool).reservedBytes() == (long) stats.retained() * SIZE,
                "reserved bytes == retained bytes", stats);
    }

    private static void check(boolean holds, String invariant, BufferPoolSnapshot.Bucket stats) {
        if (!holds) {
            throw new IllegalStateException("Broken: " + invariant + " in " + stats);
        }
    }

    @Test
    void acquireAndReleaseAreLinearizable() {
        // The leak reaper's thread starts with the first buffer; start it here, outside the model checker.
        BufferPool.builder().build().acquire(1);
        ModelChecking.options().iterations(10).invocationsPerIteration(200).threads(THREADS).actorsPerThread(3)
                .actorsBefore(1).actorsAfter(1).check(BufferPoolLincheckTests.class);
    }
}
