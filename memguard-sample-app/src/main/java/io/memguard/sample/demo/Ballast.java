package io.memguard.sample.demo;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Memory the demo holds on purpose, so that a newcomer can push the heap towards its limit and watch memguard
 * react.
 *
 * <p>The memory is kept as one array per MiB, written to so that its pages are really used. Each array is 64 bytes
 * short of a MiB: with G1 on a small heap (1 MiB regions) an array of a full MiB plus its header would take two
 * regions, doubling the heap each MiB costs, while this one takes exactly one and, once released, is reclaimed by
 * the next young collection.
 *
 * @since 0.1.0
 */
@Component
public class Ballast {

    /** The most one call may add, so that a typo cannot ask for terabytes. */
    public static final int MAX_MEBIBYTES_PER_CALL = 1024;

    private static final int CHUNK_BYTES = 1024 * 1024 - 64;

    private static final int PAGE_BYTES = 4096;

    private final List<byte[]> chunks = new ArrayList<>();

    private final long maxBallastBytes;

    /**
     * A ballast that may fill at most 90% of this JVM's maximum heap.
     */
    public Ballast() {
        this(Runtime.getRuntime().maxMemory() / 10 * 9);
    }

    /**
     * A ballast that may hold at most {@code maxBallastBytes}.
     *
     * @param maxBallastBytes the most the ballast may hold; the rest of the heap stays for the service itself
     */
    Ballast(long maxBallastBytes) {
        this.maxBallastBytes = maxBallastBytes;
    }

    /**
     * Retains {@code mebibytes} more MiB, all or nothing.
     *
     * @param mebibytes how many MiB to add, from 1 to {@value #MAX_MEBIBYTES_PER_CALL}
     * @return how much is held afterwards
     * @throws IllegalArgumentException if {@code mebibytes} is outside 1..{@value #MAX_MEBIBYTES_PER_CALL}
     * @throws HeapExhaustedException if the ballast would pass 90% of the heap, or the heap cannot hold that
     *         much more; nothing is added then
     */
    public synchronized BallastStatus add(int mebibytes) {
        if (mebibytes < 1 || mebibytes > MAX_MEBIBYTES_PER_CALL) {
            throw new IllegalArgumentException(
                    "mb must be between 1 and " + MAX_MEBIBYTES_PER_CALL + ", was " + mebibytes);
        }
        // Refused up front: an allocation that runs out of heap midway starves every other thread of the service
        // for as long as it lasts, and some of them do not survive their own OutOfMemoryError.
        if ((long) (chunks.size() + mebibytes) * CHUNK_BYTES > maxBallastBytes) {
            throw new HeapExhaustedException(mebibytes, chunks.size());
        }
        List<byte[]> added = new ArrayList<>(mebibytes);
        try {
            for (int i = 0; i < mebibytes; i++) {
                added.add(residentChunk());
            }
        }
        catch (OutOfMemoryError ex) {
            // The demo exists to approach the heap limit: the request that crosses it is refused and the
            // partial allocation is dropped before the exception is built, which needs a little heap itself.
            added = null;
            throw new HeapExhaustedException(mebibytes, chunks.size());
        }
        chunks.addAll(added);
        return status();
    }

    private static byte[] residentChunk() {
        byte[] chunk = new byte[CHUNK_BYTES];
        // One write per page makes the chunk resident, as real retained data would be.
        for (int offset = 0; offset < chunk.length; offset += PAGE_BYTES) {
            chunk[offset] = 1;
        }
        return chunk;
    }

    /**
     * Lets go of everything held; the memory returns at the next collection.
     *
     * @return how much is held afterwards: nothing
     */
    public synchronized BallastStatus releaseAll() {
        chunks.clear();
        return status();
    }

    /**
     * How much is held now.
     *
     * @return the retained MiB and bytes
     */
    public synchronized BallastStatus status() {
        return new BallastStatus(chunks.size(), (long) chunks.size() * CHUNK_BYTES);
    }
}
