package io.memguard.buffer;

/**
 * Told of every buffer that was garbage collected while still acquired from a {@link BufferPool}.
 *
 * <p>Called on memguard's reaper thread. A listener that throws is logged and counted, and the pool and the
 * other listeners carry on.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface BufferLeakListener {

    /**
     * Called once for each leaked buffer.
     *
     * @param leak what leaked and, where recorded, where it was acquired
     */
    void onLeak(BufferLeak leak);
}
