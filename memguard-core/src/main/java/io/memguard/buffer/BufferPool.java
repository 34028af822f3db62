package io.memguard.buffer;

import java.nio.ByteBuffer;

import io.memguard.pressure.MemoryPressureLevel;
import io.memguard.pressure.PressureAware;

/**
 * A pool of reusable {@link ByteBuffer}s in size buckets, which gives memory back when memory runs short.
 *
 * <ul>
 * <li>{@link #acquire(int)} returns a cleared buffer (position 0, limit = capacity, big-endian; contents are
 * not zeroed) of at least the requested size, from the smallest bucket that fits. A request larger than the
 * largest bucket is served with a fresh buffer of exactly that size, counted as unpooled.</li>
 * <li>{@link #release(ByteBuffer)} gives it back. Releasing a buffer twice, or a buffer this pool did not hand
 * out (a duplicate or a slice included), throws and leaves the pool unchanged. Once a buffer is released and
 * acquired again by someone else, a stale second release can no longer be told from the new holder's own.</li>
 * <li>Uncontended acquire and release take no shared lock and allocate nothing.</li>
 * <li>Retention is bounded per bucket and in total; a released buffer over either bound is dropped for the
 * garbage collector and counted.</li>
 * <li>As a {@link PressureAware} component: entering HIGH trims a fraction of the retained buffers; CRITICAL
 * lets all of them go and pauses retention until the level falls again; low-memory mode sets it to CRITICAL.</li>
 * <li>A buffer garbage collected while acquired is reported to the {@link BufferLeakListener}s, with where it
 * was acquired when the {@link LeakDetection} level recorded it.</li>
 * </ul>
 *
 * <p>Thread-safe. Build one with {@link #builder()}; {@link #close()} lets every retained buffer go.
 *
 * @since 0.1.0
 */
public interface BufferPool extends PressureAware, AutoCloseable {

    /**
     * A builder with the default settings: buckets of the powers of two from 1 KiB to 1 MiB,
     * heap buffers.
     *
     * @return a new builder
     */
    static BufferPoolBuilder builder() {
        return new BufferPoolBuilder();
    }

    /**
     * Acquires a cleared buffer of at least {@code minCapacity} bytes.
     *
     * @param minCapacity the smallest capacity the caller needs; 0 or more
     * @return a buffer to {@link #release(ByteBuffer)} when done
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     */
    ByteBuffer acquire(int minCapacity);

    /**
     * Gives back a buffer acquired from this pool.
     *
     * @param buffer the very buffer {@link #acquire(int)} returned
     * @throws IllegalArgumentException if this pool did not hand out {@code buffer}
     * @throws IllegalStateException    if {@code buffer} was already released
     */
    void release(ByteBuffer buffer);

    /**
     * Acquires a buffer for a {@code try}-with-resources block.
     *
     * @param minCapacity the smallest capacity the caller needs; 0 or more
     * @return a lease whose {@code close()} releases the buffer
     * @throws IllegalArgumentException if {@code minCapacity} is negative
     */
    default BufferLease lease(int minCapacity) {
        return new PooledBufferLease(this, acquire(minCapacity));
    }

    /**
     * Scales a buffer or batch size down as memory pressure rises, so that callers ask for less when memory is
     * short: {@code defaultSize} times the factor configured for the current level (1 at NONE).
     *
     * @param defaultSize the size to use when memory is plentiful; 1 or more
     * @return the size to use now, at least 1
     * @throws IllegalArgumentException if {@code defaultSize} is less than 1
     */
    int adaptiveSize(int defaultSize);

    /**
     * Lets go of a fraction of the retained buffers of every bucket, in every thread's cache.
     *
     * @param fraction the share to let go, in (0..1]; 1 lets all go
     * @throws IllegalArgumentException if {@code fraction} is outside (0..1]
     */
    void trim(double fraction);

    /**
     * Reacts to a change of the memory pressure level: trims on entering HIGH, lets everything go and pauses
     * retention at CRITICAL, resumes retention below CRITICAL.
     *
     * @param previous the level the pool was told before
     * @param current  the effective level now
     */
    @Override
    void onPressureLevel(MemoryPressureLevel previous, MemoryPressureLevel current);

    /**
     * Low-memory mode empties the pool and pauses retention, as CRITICAL does.
     *
     * @return {@code CRITICAL}
     */
    @Override
    default MemoryPressureLevel lowMemoryFloor() {
        return MemoryPressureLevel.CRITICAL;
    }

    /**
     * The pool's settings and counters now.
     *
     * @return a snapshot of the pool's state
     */
    BufferPoolSnapshot snapshot();

    /**
     * Runs {@code action} on the first {@link #acquire(int)} (on the acquiring thread), or at once if the pool has
     * been acquired from already: what only matters once the pool is used, such as its meters, waits for it. An
     * action that throws is logged and counted with the listener failures. Implementations that do not track use
     * run the action at once.
     *
     * @param action what to do
     * @since 0.1.0
     */
    default void whenFirstAcquired(Runnable action) {
        action.run();
    }

    /**
     * Registers a listener told of every leaked buffer from now on.
     *
     * @param listener the listener; not {@code null}
     */
    void addLeakListener(BufferLeakListener listener);

    /**
     * Unregisters a leak listener; does nothing if it was not registered.
     *
     * @param listener the listener to remove
     */
    void removeLeakListener(BufferLeakListener listener);

    /**
     * Lets every retained buffer go and stops retaining: buffers acquired afterwards are fresh, buffers released
     * afterwards are dropped. Acquired buffers may still be released.
     */
    @Override
    void close();
}
