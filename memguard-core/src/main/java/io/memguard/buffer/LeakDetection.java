package io.memguard.buffer;

/**
 * How closely a {@link BufferPool} watches for buffers that are acquired and never released.
 *
 * <p>Every pooled buffer is known to the pool through a weak reference, so a buffer the application drops
 * without releasing it is always noticed when the garbage collector reclaims it, and always written off (its
 * memory is not lost and the in-use count stays true). The level decides what is reported about it, and how
 * much that costs on the acquiring path.
 *
 * @since 0.1.0
 */
public enum LeakDetection {

    /** Nothing is reported: no log line, no listener call, no stack trace. Collected buffers are still counted. */
    DISABLED,

    /**
     * Every leak is logged and passed to the leak listeners. One acquisition in N (the sampling interval)
     * records the acquiring stack trace, so leaks of sampled buffers say where they were acquired; the others
     * say that their origin was not recorded. The recorded stack trace is the only cost, paid once in N and at
     * most 100 times a second per pool, so that it stays negligible however busy the pool is.
     */
    SAMPLED,

    /** Like {@link #SAMPLED}, but every acquisition records its stack trace: for tests and for hunting a leak. */
    PARANOID
}
